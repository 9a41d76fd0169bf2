import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';

/** SQLSTATEs and socket errors meaning "this connection is gone", not "this statement is wrong". */
const CONNECTION_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, server restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / shutting down)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

/** True when `err` means the connection (or server) is gone, so a fresh connection may succeed. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  return (
    typeof e?.message === 'string' &&
    /Connection terminated|connection error|not queryable|terminating connection|timeout exceeded when trying to connect/i.test(
      e.message,
    )
  );
}

/** Options of {@link ResilientPgPool}. */
export interface ResilientPoolOptions {
  /** Milliseconds to keep trying to get a connection while the server is unreachable (default 30 000). */
  reconnectForMs?: number;
  logger?: Logger;
}

/**
 * The `pg` pool as kysely sees it, made to ride out a PostgreSQL restart or killed sessions:
 * getting a connection is retried with back-off while the server is unreachable, and a statement
 * that fails because its connection died is re-run on another connection (until `reconnectForMs`) when it was not
 * inside a transaction (a transaction's statements fail, so the caller's transaction rolls back
 * as a whole). Broken connections are destroyed, never returned to the pool.
 */
export class ResilientPgPool implements PostgresPool {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: ResilientPoolOptions = {},
  ) {
    // A checked-out client whose server goes away emits 'error'; without a listener that would
    // crash the process. The statement in flight rejects and is handled below.
    pool.on('connect', (client) => {
      client.on('error', (err) => options.logger?.warn({ err: err.message }, 'PostgreSQL connection lost'));
    });
  }

  async connect(): Promise<PostgresPoolClient> {
    return new ResilientClient(
      await this.#acquire(),
      () => this.#acquire(),
      this.options.reconnectForMs ?? 30_000,
    );
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  async #acquire(): Promise<pg.PoolClient> {
    const deadline = Date.now() + (this.options.reconnectForMs ?? 30_000);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pool.connect();
      } catch (err) {
        if (!isConnectionError(err) || Date.now() > deadline) throw err;
        if (attempt === 0)
          this.options.logger?.warn({ err: (err as Error).message }, 'PostgreSQL unreachable; retrying');
        await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }
}

class ResilientClient implements PostgresPoolClient {
  #inTransaction = false;
  #broken: Error | undefined;

  constructor(
    private client: pg.PoolClient,
    private readonly reacquire: () => Promise<pg.PoolClient>,
    private readonly retryForMs: number,
  ) {}

  // biome-ignore lint/suspicious/noExplicitAny: kysely's overloaded signature (sql text or cursor)
  query(sqlOrCursor: any, parameters?: ReadonlyArray<unknown>): any {
    if (typeof sqlOrCursor !== 'string') return this.client.query(sqlOrCursor);
    return this.#query(sqlOrCursor, parameters ?? []);
  }

  async #query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const head = sql.trimStart().slice(0, 20).toLowerCase();
    const begins = head.startsWith('begin') || head.startsWith('start transaction');
    const ends = head.startsWith('commit') || head.startsWith('rollback');
    const run = () => this.client.query(sql, [...parameters]) as unknown as Promise<PostgresQueryResult<R>>;
    const deadline = Date.now() + this.retryForMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await run();
        if (begins) this.#inTransaction = true;
        if (ends) this.#inTransaction = false;
        return res;
      } catch (err) {
        if (ends) this.#inTransaction = false;
        if (!isConnectionError(err)) throw err;
        // Inside a transaction the earlier statements died with the connection: the caller's
        // transaction fails as a whole. BEGIN itself (nothing done yet) may be retried.
        if (this.#inTransaction || Date.now() > deadline) {
          this.#broken = err as Error;
          throw err;
        }
        // The statement did not complete on a dead connection: again on another one. Idle pooled
        // connections killed at the same moment may not be known dead yet: a short pause lets the
        // pool see their errors and drop them before we pick the next one.
        this.client.release(err as Error);
        await new Promise((r) => setTimeout(r, Math.min(500, 10 * 2 ** Math.min(attempt, 6))));
        this.client = await this.reacquire();
      }
    }
  }

  release(): void {
    this.client.release(this.#broken);
  }
}
