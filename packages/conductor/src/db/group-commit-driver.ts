import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
} from 'kysely';
import { type CachedStatement, StatementCachingDatabase } from './statement-cache.js';

/**
 * A kysely dialect for an embedded better-sqlite3 database whose writes are group-committed.
 *
 * SQLite commits each autocommit statement on its own, and a commit (WAL append and index update)
 * costs about twice the `UPDATE` it ends. The conductor writes a node five or six times per state
 * transition, from many tasks interleaved on one event loop, so this driver opens one write
 * transaction (`BEGIN IMMEDIATE`) at the first write of an event-loop turn and commits it once the
 * turn's synchronous work and microtasks ran (`setImmediate`). Every write's promise resolves only after
 * that commit, so callers never act on an uncommitted write; a failed commit fails every write in it.
 *
 * Reads see committed data only: a read arriving while a batch is open runs right after its commit
 * (reads at other times run at once). A statement that fails inside a batch is undone by SQLite alone
 * and fails only its own caller. Explicit transactions (`db.transaction()`) first commit the open
 * batch and then run alone: other queries wait until they end, as with kysely's own SQLite driver.
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #database: StatementCachingDatabase;
  readonly #maxBatch: number;

  /**
   * @param database an open better-sqlite3 database (WAL mode recommended); closed by `destroy()`.
   * @param maxBatch writes after which a batch commits without waiting for the end of the turn.
   */
  constructor(database: Database.Database, maxBatch = 256) {
    const cached = new StatementCachingDatabase(database);
    super({ database: cached });
    this.#database = cached;
    this.#maxBatch = maxBatch;
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.#database, this.#maxBatch);
  }
}

/** A pending write of the open batch: settled when the batch commits or fails. */
interface Waiter {
  result: QueryResult<unknown>;
  resolve: (result: QueryResult<unknown>) => void;
  reject: (err: unknown) => void;
}

/** The kysely driver behind {@link GroupCommitSqliteDialect}. */
export class GroupCommitSqliteDriver implements Driver {
  readonly #db: StatementCachingDatabase;
  readonly #maxBatch: number;
  /** Writes of the open implicit transaction, or `undefined` when none is open. */
  #batch: Waiter[] | undefined;
  /** Resolved when the open batch ended (committed or failed); reads wait for it. */
  #batchEnded: Promise<void> | undefined;
  #endBatch: (() => void) | undefined;
  /** The connection running an explicit transaction, and the promise its end resolves. */
  #owner: Connection | undefined;
  #ownerDone: Promise<void> | undefined;
  #endOwner: (() => void) | undefined;
  /** The lock wait of a batch being opened while another connection writes. */
  #opening: Promise<void> | undefined;
  /** How long to wait for another connection's write lock (the database's `busy_timeout`). */
  readonly #busyTimeoutMs: number;
  #destroyed = false;
  /** Transaction control, prepared once (one of each per event-loop turn under load). */
  readonly #control: Record<'begin immediate' | 'commit' | 'rollback', Database.Statement>;

  constructor(db: StatementCachingDatabase, maxBatch: number) {
    this.#db = db;
    this.#maxBatch = Math.max(1, maxBatch);
    this.#control = {
      'begin immediate': db.native.prepare('begin immediate'),
      commit: db.native.prepare('commit'),
      rollback: db.native.prepare('rollback'),
    };
    // SQLite would wait for a busy lock inside the call, blocking the event loop (and with it the
    // holder's commit when the holder is in this process): wait here, asynchronously, instead.
    this.#busyTimeoutMs = Number(db.native.pragma('busy_timeout', { simple: true })) || 0;
    db.native.pragma('busy_timeout = 0');
  }

  async init(): Promise<void> {}

  /** Connections are cheap handles onto the one database; they only tell transactions apart. */
  async acquireConnection(): Promise<DatabaseConnection> {
    return new Connection(this);
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as Connection;
    const deadline = Date.now() + this.#busyTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 20)) {
      await this.#waitForOwner(conn);
      if (this.#opening !== undefined) {
        await this.#opening.catch(() => undefined);
        continue;
      }
      this.#flush();
      if (this.#tryBegin()) break;
      if (Date.now() > deadline) throw busyError();
      await sleep(delay);
    }
    this.#owner = conn;
    this.#ownerDone = new Promise((resolve) => {
      this.#endOwner = resolve;
    });
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.#endTransaction(connection as Connection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.#endTransaction(connection as Connection, 'rollback');
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    this.#savepointCommand(connection, 'savepoint', name);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    this.#savepointCommand(connection, 'rollback to', name);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    this.#savepointCommand(connection, 'release', name);
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#flush();
    this.#destroyed = true;
    this.#db.close();
  }

  /** @internal runs one query for `conn`. */
  async execute(conn: Connection, query: CompiledQuery): Promise<QueryResult<unknown>> {
    for (;;) {
      if (this.#owner !== undefined && this.#owner !== conn) {
        await this.#waitForOwner(conn);
        continue;
      }
      const stmt = this.#db.prepare(query.sql);
      if (this.#owner === conn) return run(stmt, query.parameters);
      if (stmt.readonly) {
        if (this.#batchEnded === undefined) return run(stmt, query.parameters);
        await this.#batchEnded;
        continue;
      }
      // Opened at once when the lock is free: writes run in the order they were issued.
      const batch = this.#batch ?? this.#openBatch();
      if (batch instanceof Promise) {
        await batch;
        continue;
      }
      return this.#write(stmt, query.parameters, batch);
    }
  }

  /** Runs a write inside the open batch; settles once the batch committed. */
  #write(
    stmt: CachedStatement,
    parameters: ReadonlyArray<unknown>,
    batch: Waiter[],
  ): Promise<QueryResult<unknown>> {
    let result: QueryResult<unknown>;
    try {
      result = run(stmt, parameters);
    } catch (err) {
      // SQLite undid the statement; some errors (disk full, I/O) undo the whole transaction.
      if (!this.#db.native.inTransaction) this.#fail(err);
      return Promise.reject(err);
    }
    const done = new Promise<QueryResult<unknown>>((resolve, reject) => {
      batch.push({ result, resolve, reject });
    });
    if (batch.length >= this.#maxBatch) this.#flush();
    return done;
  }

  /**
   * Opens a batch: takes SQLite's write lock now if it is free, else waits for it without blocking the
   * event loop (another connection — maybe in this process — holds it until its own commit).
   */
  #openBatch(): Waiter[] | Promise<void> {
    if (this.#opening !== undefined) return this.#opening;
    if (this.#tryBegin()) return this.#startBatch();
    const opening = (async () => {
      const deadline = Date.now() + this.#busyTimeoutMs;
      for (let delay = 1; ; delay = Math.min(delay * 2, 20)) {
        await sleep(delay);
        if (this.#batch !== undefined || this.#owner !== undefined) return;
        if (this.#tryBegin()) {
          this.#startBatch();
          return;
        }
        if (Date.now() > deadline) throw busyError();
      }
    })().finally(() => {
      this.#opening = undefined;
    });
    this.#opening = opening;
    return opening;
  }

  #startBatch(): Waiter[] {
    const batch: Waiter[] = [];
    this.#batch = batch;
    this.#batchEnded = new Promise((resolve) => {
      this.#endBatch = resolve;
    });
    setImmediate(() => {
      if (this.#batch === batch) this.#flush();
    });
    return batch;
  }

  /** `BEGIN IMMEDIATE`; `false` when another connection holds the write lock. */
  #tryBegin(): boolean {
    try {
      this.#control['begin immediate'].run();
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    }
  }

  /** @internal streams a select for `conn`. */
  async *stream(conn: Connection, query: CompiledQuery): AsyncIterableIterator<QueryResult<unknown>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite only streams select queries');
    if (this.#owner !== undefined && this.#owner !== conn) await this.#waitForOwner(conn);
    const stmt = this.#db.prepare(query.sql);
    for (const row of stmt.iterate(query.parameters)) yield { rows: [row] };
  }

  /** Commits the open batch and settles its writes. */
  #flush(): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    this.#batch = undefined;
    try {
      this.#control.commit.run();
    } catch (err) {
      if (this.#db.native.inTransaction) this.#control.rollback.run();
      for (const w of batch) w.reject(err);
      this.#wakeReaders();
      return;
    }
    for (const w of batch) w.resolve(w.result);
    this.#wakeReaders();
  }

  /** Lets the reads that waited for the batch run (after its writers were settled). */
  #wakeReaders(): void {
    const wake = this.#endBatch;
    this.#batchEnded = undefined;
    this.#endBatch = undefined;
    wake?.();
  }

  /** The batch was rolled back by SQLite: none of its writes happened. */
  #fail(err: unknown): void {
    const batch = this.#batch ?? [];
    this.#batch = undefined;
    const cause = err instanceof Error ? err.message : String(err);
    for (const w of batch)
      w.reject(new Error(`The write was rolled back with its group commit: ${cause}`, { cause: err }));
    this.#wakeReaders();
  }

  async #waitForOwner(conn: Connection): Promise<void> {
    while (this.#owner !== undefined && this.#owner !== conn) await this.#ownerDone;
  }

  #endTransaction(conn: Connection, command: 'commit' | 'rollback'): void {
    if (this.#owner !== conn) throw new Error(`No transaction of this connection to ${command}`);
    try {
      if (command === 'commit' || this.#db.native.inTransaction) this.#control[command].run();
    } finally {
      this.#owner = undefined;
      this.#ownerDone = undefined;
      const end = this.#endOwner;
      this.#endOwner = undefined;
      end?.();
    }
  }

  #savepointCommand(
    connection: DatabaseConnection,
    command: 'savepoint' | 'rollback to' | 'release',
    name: string,
  ): void {
    if (this.#owner !== connection)
      throw new Error(`${command} ${name} outside this connection's transaction`);
    this.#db.native.prepare(`${command} "${name.replace(/"/g, '""')}"`).run();
  }
}

function busyError(): Error {
  return Object.assign(new Error('database is locked (another connection kept the write lock)'), {
    code: 'SQLITE_BUSY',
  });
}

/** One handle onto the database, as kysely sees it. */
class Connection implements DatabaseConnection {
  readonly #driver: GroupCommitSqliteDriver;

  constructor(driver: GroupCommitSqliteDriver) {
    this.#driver = driver;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.#driver.execute(this, query) as Promise<QueryResult<R>>;
  }

  streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    return this.#driver.stream(this, query) as AsyncIterableIterator<QueryResult<R>>;
  }
}

/** Runs a prepared statement as kysely's SQLite driver does. */
function run(stmt: CachedStatement, parameters: ReadonlyArray<unknown>): QueryResult<unknown> {
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return {
    numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
    insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
    rows: [],
  };
}
