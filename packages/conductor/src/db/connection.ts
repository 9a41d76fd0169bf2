import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Logger } from 'pino';
import { MIGRATIONS } from './migrations/index.js';
import type { FerricDatabase } from './schema.js';

/** Where the conductor keeps its state. */
export type DatabaseOptions =
  /** An embedded SQLite file (created if missing); `':memory:'` for a throw-away database. */
  | { readonly sqlite: string }
  /** An existing kysely instance (e.g. PostgreSQL); its owner closes it. */
  | { readonly kysely: Kysely<FerricDatabase>; readonly dialect: 'sqlite' | 'postgres' };

/** An open, migrated database handle shared by repositories. */
export interface FerricDb {
  /** The kysely instance; every query in this package goes through it. */
  readonly db: Kysely<FerricDatabase>;
  /** Which SQL dialect is behind `db`. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Closes the connection if this handle opened it. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens (and for SQLite creates) the database, applies WAL and migrates it to the latest schema.
 *
 * @throws Error with the migration name and cause when a migration fails.
 */
export async function openDatabase(options: DatabaseOptions, logger?: Logger): Promise<FerricDb> {
  let handle: FerricDb;
  if ('sqlite' in options) {
    const sqlite = new Database(options.sqlite);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<FerricDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
    let closed = false;
    handle = {
      db,
      dialect: 'sqlite',
      async close() {
        if (closed) return;
        closed = true;
        await db.destroy();
      },
    };
  } else {
    handle = { db: options.kysely, dialect: options.dialect, close: async () => {} };
  }
  await migrateToLatest(handle.db, logger);
  return handle;
}

/** Applies every pending migration in {@link MIGRATIONS}. */
export async function migrateToLatest(db: Kysely<FerricDatabase>, logger?: Logger): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger?.info({ migration: r.migrationName }, 'database migration applied');
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed`, { cause: error });
  }
}
