import { type SelectQueryBuilder, sql } from 'kysely';
import type { Page, Pagination } from '../model.js';

/** Most items one page holds, and the page size when none is asked for (Ironic's `[api]max_limit`). */
export const MAX_PAGE_LIMIT = 1000;

/**
 * What {@link markerPage} reads of the marker row: its uuid and the sort columns. Only these, so a
 * listing may look the marker up with a narrow `select` while its page selects other columns.
 */
export type MarkerRow<K extends string> = { readonly uuid: string } & {
  readonly [C in K | 'created_at']: unknown;
};

/** How {@link markerPage} finds the marker row and turns rows into items. */
export interface MarkerPageSource<Row, K extends string, T> {
  /**
   * The row the marker names, or `undefined`. Looked up apart from the listing's filters: Ironic
   * accepts any existing item as a marker, it only positions the page.
   */
  findMarker(uuid: string): Promise<MarkerRow<K> | undefined>;
  /** The error a marker naming no row raises: each resource's own 404 (`ChassisNotFound`, …). */
  notFound(marker: string): Error;
  /** Row → record. */
  fromRow(row: Row): T;
}

/**
 * One page of an Ironic-style marker-paginated listing: `query` (the table's `selectAll()` with the
 * listing's filters already applied) ordered by `page.sortKey` (default `created_at`) then `uuid`, in
 * `page.sortDir` (default ascending), after the row `page.marker` names, at most `page.limit` rows
 * (clamped to 1…{@link MAX_PAGE_LIMIT}). `next` is the last item's uuid when the page is full — the
 * marker of the following page, which may be empty — and `null` otherwise.
 *
 * The uuid tie-break makes the order total, so a marker positions exactly even when many rows share
 * a creation time. Sort keys are column names the caller's type admits (`Pagination<K>`); a caller
 * taking them from a request checks them first, as the API does.
 * @throws what `source.notFound` returns when the marker names no row.
 */
export async function markerPage<DB, TB extends keyof DB, Row extends { uuid: string }, K extends string, T>(
  query: SelectQueryBuilder<DB, TB, Row>,
  page: Pagination<K>,
  source: MarkerPageSource<Row, K, T>,
): Promise<Page<T>> {
  const marker = await findPageMarker(page, source);
  const { query: q, limit } = pageQuery(query, page, marker);
  const rows = await q.execute();
  return { items: rows.map((row) => source.fromRow(row)), next: nextMarker(rows, limit) };
}

/**
 * The marker row of `page` (none without a marker).
 * @throws what `source.notFound` returns when the marker names no row.
 */
export async function findPageMarker<K extends string>(
  page: Pagination<K>,
  source: Pick<MarkerPageSource<unknown, K, unknown>, 'findMarker' | 'notFound'>,
): Promise<MarkerRow<K> | undefined> {
  if (!page.marker) return undefined;
  const marker = await source.findMarker(page.marker);
  if (!marker) throw source.notFound(page.marker);
  return marker;
}

/**
 * `query` positioned after `marker`, in the page's order, limited to its (clamped) size — what
 * {@link markerPage} runs, for a listing that executes and decodes its rows itself.
 */
export function pageQuery<DB, TB extends keyof DB, O, K extends string>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: Pagination<K>,
  marker: MarkerRow<K> | undefined,
): { query: SelectQueryBuilder<DB, TB, O>; limit: number } {
  const limit = Math.min(Math.max(1, page.limit ?? MAX_PAGE_LIMIT), MAX_PAGE_LIMIT);
  const sortKey: K | 'created_at' = page.sortKey ?? 'created_at';
  const dir = page.sortDir ?? 'asc';
  // The columns are generic here, which kysely's string references cannot express; `sql.ref` renders
  // the same quoted identifier, so the SQL (and the statement cache key) is what each repository built.
  const key = sql.ref(sortKey);
  const uuid = sql.ref('uuid');
  let q = query;
  if (marker) {
    // A NULL sort value (only a port group's `name` can be one) compares as '' rather than as SQL
    // NULL, which would match no row at all; every other sort column is NOT NULL.
    const value = marker[sortKey] ?? '';
    const cmp = dir === 'asc' ? '>' : '<';
    q = q.where((eb) =>
      eb.or([eb(key, cmp, value), eb.and([eb(key, '=', value), eb(uuid, cmp, marker.uuid)])]),
    );
  }
  return { query: q.orderBy(key, dir).orderBy(uuid, dir).limit(limit), limit };
}

/** The `next` marker of a page read with `limit`: its last uuid when the page is full, else `null`. */
export function nextMarker(rows: readonly { uuid: string }[], limit: number): string | null {
  return rows.length === limit ? (rows[rows.length - 1]?.uuid ?? null) : null;
}
