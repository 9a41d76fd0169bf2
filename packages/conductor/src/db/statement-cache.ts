import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** A prepared statement as handed out by {@link StatementCachingDatabase}. */
export interface CachedStatement extends SqliteStatement {
  /** `false` when running the statement may write (better-sqlite3's `readonly`). */
  readonly readonly: boolean;
}

/**
 * A better-sqlite3 database for kysely's `SqliteDialect` that reuses prepared statements.
 *
 * kysely prepares every query anew (`db.prepare(sql)` per execute), which costs more than running
 * the statement for the short queries the conductor issues. Kysely compiles the same SQL text for
 * the same query shape, so statements are cached by SQL text in a bounded LRU. better-sqlite3
 * statements are reusable and re-prepare themselves after schema changes; a statement still busy
 * (an unfinished `iterate`) is not handed out twice — a fresh one is prepared instead.
 *
 * Rows of reading statements are fetched as arrays (`raw` mode) and turned into objects by a
 * function compiled per column list: with wide rows (`SELECT *` of ~60 node columns) that is about
 * twice as fast as better-sqlite3 building the objects itself. Statements changing the schema
 * clear the cache.
 */
export class StatementCachingDatabase implements SqliteDatabase {
  readonly #db: Database.Database;
  readonly #max: number;
  readonly #cache = new Map<string, CachedStatement>();

  /** @param max most statements kept (least recently used ones are dropped first). */
  constructor(db: Database.Database, max = 500) {
    this.#db = db;
    this.#max = Math.max(1, max);
  }

  /** The better-sqlite3 database behind the cache (transaction control, pragmas). */
  get native(): Database.Database {
    return this.#db;
  }

  /** Statements currently cached. */
  get size(): number {
    return this.#cache.size;
  }

  prepare(sql: string): CachedStatement {
    const cached = this.#cache.get(sql);
    if (cached !== undefined) {
      if (!(cached instanceof RowObjectStatement) || !cached.busy) {
        // Map order is insertion order: re-insert to mark as most recently used.
        this.#cache.delete(sql);
        this.#cache.set(sql, cached);
        return cached;
      }
      return wrap(this.#db.prepare(sql));
    }
    if (SCHEMA_CHANGE.test(sql)) {
      this.#cache.clear();
      return wrap(this.#db.prepare(sql));
    }
    const stmt = wrap(this.#db.prepare(sql));
    this.#cache.set(sql, stmt);
    if (this.#cache.size > this.#max) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return stmt;
  }

  close(): void {
    this.#cache.clear();
    this.#db.close();
  }
}

const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

function wrap(stmt: Database.Statement): CachedStatement {
  return stmt.reader ? new RowObjectStatement(stmt) : stmt;
}

type RowBuilder = (row: unknown[]) => Record<string, unknown>;

const builders = new Map<string, RowBuilder>();

/** `(r) => ({ "a": r[0], "b": r[1], … })` for a column list (a later duplicate name wins, as in better-sqlite3). */
function rowBuilder(names: readonly string[]): RowBuilder {
  const key = names.join('\u0000');
  let build = builders.get(key);
  if (build === undefined) {
    const props = names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ');
    build = new Function('r', `return { ${props} };`) as RowBuilder;
    if (builders.size < 1000) builders.set(key, build);
  }
  return build;
}

/** A reading statement in raw mode whose rows are turned into objects by a compiled builder. */
class RowObjectStatement implements CachedStatement {
  readonly reader = true;
  readonly readonly: boolean;
  readonly #stmt: Database.Statement;
  #width = -1;
  #build: RowBuilder = () => ({});

  constructor(stmt: Database.Statement) {
    this.#stmt = stmt.raw(true);
    this.readonly = stmt.readonly;
  }

  get busy(): boolean {
    return this.#stmt.busy;
  }

  /** The builder for rows of `width` columns (re-read when the schema behind `*` changed). */
  #builder(width: number): RowBuilder {
    if (width !== this.#width) {
      this.#build = rowBuilder(this.#stmt.columns().map((c) => c.name));
      this.#width = width;
    }
    return this.#build;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    const rows = this.#stmt.all(parameters) as unknown[][];
    if (rows.length === 0) return rows;
    const build = this.#builder((rows[0] as unknown[]).length);
    for (let i = 0; i < rows.length; i++) rows[i] = build(rows[i] as unknown[]) as unknown as unknown[];
    return rows;
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.#stmt.run(parameters);
  }

  *iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    for (const row of this.#stmt.iterate(parameters) as IterableIterator<unknown[]>)
      yield this.#builder(row.length)(row);
  }
}
