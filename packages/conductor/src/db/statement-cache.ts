import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * A better-sqlite3 database for kysely's `SqliteDialect` that reuses prepared statements.
 *
 * kysely prepares every query anew (`db.prepare(sql)` per execute), which costs more than running
 * the statement for the short queries the conductor issues. Kysely compiles the same SQL text for
 * the same query shape, so statements are cached by SQL text in a bounded LRU. better-sqlite3
 * statements are reusable and re-prepare themselves after schema changes; a statement still busy
 * (an unfinished `iterate`) is not handed out twice — a fresh one is prepared instead.
 */
export class StatementCachingDatabase implements SqliteDatabase {
  readonly #db: Database.Database;
  readonly #max: number;
  readonly #cache = new Map<string, Database.Statement>();

  /** @param max most statements kept (least recently used ones are dropped first). */
  constructor(db: Database.Database, max = 500) {
    this.#db = db;
    this.#max = Math.max(1, max);
  }

  /** Statements currently cached. */
  get size(): number {
    return this.#cache.size;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.#cache.get(sql);
    if (cached !== undefined) {
      if (cached.busy) return this.#db.prepare(sql);
      // Map order is insertion order: re-insert to mark as most recently used.
      this.#cache.delete(sql);
      this.#cache.set(sql, cached);
      return cached;
    }
    const stmt = this.#db.prepare(sql);
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
