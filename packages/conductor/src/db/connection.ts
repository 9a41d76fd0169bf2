import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { GroupCommitSqliteDialect } from './group-commit-driver.js';
import { MIGRATIONS } from './migrations/index.js';
import { ResilientPgPool } from './pg-pool.js';
import type { FerricDatabase } from './schema.js';

/** Where the conductor keeps its state. */
export type DatabaseOptions =
  /** An embedded SQLite file (created if missing); `':memory:'` for a throw-away database. */
  | { readonly sqlite: string }
  /**
   * A PostgreSQL server (`postgres://user:password@host:5432/db`), through a `pg` connection pool.
   * The password is never logged.
   */
  | { readonly url: string; readonly pool?: PoolOptions }
  /** An existing kysely instance (e.g. PostgreSQL); its owner closes it. */
  | { readonly kysely: Kysely<FerricDatabase>; readonly dialect: 'sqlite' | 'postgres' };

/** Connection pool settings of a PostgreSQL database (`pg.Pool`). */
export interface PoolOptions {
  /** Most connections this process opens (default 10). */
  readonly max?: number;
  /** Milliseconds an idle connection is kept (default 30 000). */
  readonly idleTimeoutMillis?: number;
  /** Milliseconds to wait for a connection before failing (default 10 000). */
  readonly connectionTimeoutMillis?: number;
  /** Milliseconds a single statement may run (server-side `statement_timeout`; default none). */
  readonly statementTimeoutMillis?: number;
  /** `application_name` shown in `pg_stat_activity` (default `ferric`). */
  readonly applicationName?: string;
  /** Milliseconds to keep retrying for a connection while the server restarts (default 30 000). */
  readonly reconnectForMs?: number;
}

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
    const db = new Kysely<FerricDatabase>({ dialect: new GroupCommitSqliteDialect(sqlite) });
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
  } else if ('url' in options) {
    handle = openPostgres(options.url, options.pool ?? {}, logger);
  } else {
    handle = { db: options.kysely, dialect: options.dialect, close: async () => {} };
  }
  try {
    await migrateToLatest(handle.db, logger);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

/** `postgres://u:secret@h/db` → `postgres://u:***@h/db`, for logs and errors. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

function openPostgres(url: string, pool: PoolOptions, logger?: Logger): FerricDb {
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw new Error(`Unsupported database URL ${redactDatabaseUrl(url)} (expected postgres://…)`);
  const pgPool = new pg.Pool({
    connectionString: url,
    max: pool.max ?? 10,
    idleTimeoutMillis: pool.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: pool.connectionTimeoutMillis ?? 10_000,
    application_name: pool.applicationName ?? 'ferric',
    ...(pool.statementTimeoutMillis ? { statement_timeout: pool.statementTimeoutMillis } : {}),
  });
  // An idle client losing its server (restart, failover) must not crash the process: the pool
  // drops it and the next query opens a fresh connection.
  pgPool.on('error', (err) => logger?.warn({ err: err.message }, 'idle PostgreSQL connection lost'));
  const resilient = new ResilientPgPool(pgPool, {
    ...(pool.reconnectForMs !== undefined ? { reconnectForMs: pool.reconnectForMs } : {}),
    ...(logger ? { logger } : {}),
  });
  const db = new Kysely<FerricDatabase>({ dialect: new PostgresDialect({ pool: resilient }) });
  let closed = false;
  return {
    db,
    dialect: 'postgres',
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
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
