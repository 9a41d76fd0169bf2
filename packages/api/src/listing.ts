import { badRequest, notAcceptable } from './errors.js';

/** Page-size cap (Ironic's `[api]max_limit`). */
export const MAX_LIMIT = 1000;

/**
 * Parses `fields=a,b` (≥1.8): every field must exist at the requested version.
 * @returns the field list (plus `links`? no — exactly as asked) or undefined.
 */
export function parseFields(
  raw: string | undefined,
  allowed: readonly string[],
  minor: number,
): string[] | undefined {
  if (raw === undefined) return undefined;
  if (minor < 8) throw notAcceptable('The "fields" parameter requires API version 1.8 or later.');
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  if (fields.length === 0) throw badRequest('The "fields" parameter must name at least one field.');
  const bad = fields.filter((f) => !allowed.includes(f));
  if (bad.length) throw badRequest(`Field(s) "${bad.join(', ')}" are not valid`);
  return [...new Set(fields)];
}

/** Checks `detail` against `fields` and the version (≥1.43). */
export function parseDetail(raw: string | undefined, fields: string[] | undefined, minor: number): boolean {
  if (raw === undefined) return false;
  if (minor < 43) throw notAcceptable('The "detail" parameter requires API version 1.43 or later.');
  const detail = ['true', '1', 'yes', 'on'].includes(raw.toLowerCase());
  if (detail && fields) throw badRequest("Can't fetch a subset of fields with 'detail' set");
  return detail;
}

/** Checks `sort_key` against the keys the backend can sort on. */
export function parseSortKey<K extends string>(
  raw: string | undefined,
  allowed: readonly K[],
  all: readonly string[],
): K | undefined {
  if (raw === undefined) return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as K;
  if (all.includes(raw)) throw badRequest(`The sort_key value "${raw}" is an invalid field for sorting`);
  throw badRequest(`The sort_key value "${raw}" is an invalid field for sorting`);
}

/** Effective page size. */
export function effectiveLimit(limit: string | number | undefined): number {
  const n = limit === undefined ? MAX_LIMIT : Number(limit);
  if (!Number.isInteger(n) || n <= 0) throw badRequest('Limit must be positive');
  return Math.min(n, MAX_LIMIT);
}

/**
 * Ironic's `next` link: the same query with `limit` and `marker` replaced, present only when the page
 * was full.
 */
export function nextLink(
  base: string,
  path: string,
  query: Record<string, unknown>,
  limit: number,
  marker: string | null,
): string | undefined {
  if (!marker) return undefined;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'limit' || k === 'marker' || v === undefined) continue;
    params.set(k, String(v));
  }
  params.set('limit', String(limit));
  params.set('marker', marker);
  return `${base}/v1/${path}?${params.toString()}`;
}
