import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitSqliteDialect } from '../src/db/group-commit-driver.js';

interface Schema {
  t: { id: number; v: string };
}

let dir: string;
let file: string;
const open: { close(): unknown }[] = [];

function connect(busyTimeoutMs = 5000): { db: Kysely<Schema>; raw: Database.Database } {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
  const db = new Kysely<Schema>({ dialect: new GroupCommitSqliteDialect(raw) });
  open.push({ close: () => db.destroy() });
  return { db, raw };
}

/** A plain second connection: sees only what was committed. */
function observer(): Database.Database {
  const raw = new Database(file, { readonly: true });
  open.push(raw);
  return raw;
}

const count = (raw: Database.Database) =>
  (raw.prepare('select count(*) as n from t').get() as { n: number }).n;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferric-gc-'));
  file = join(dir, 'gc.sqlite');
  const setup = new Database(file);
  setup.pragma('journal_mode = WAL');
  setup.exec('create table t (id integer primary key, v text not null unique)');
  setup.close();
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('group-commit SQLite driver', () => {
  it('commits the writes of one event-loop turn together, and resolves each only after the commit', async () => {
    const { db } = connect();
    const seen = observer();
    const writes = Array.from({ length: 20 }, (_, i) =>
      db
        .insertInto('t')
        .values({ id: i, v: `v${i}` })
        .execute(),
    );
    // The statements ran, but nothing is committed until the turn ends.
    expect(count(seen)).toBe(0);
    const first = await writes[0];
    // The first write resolved: the whole batch is visible to another connection.
    expect(count(seen)).toBe(20);
    expect(first?.[0]?.numInsertedOrUpdatedRows).toBe(1n);
    await Promise.all(writes);
  });

  it('lets a read issued during an open batch see that batch only once committed', async () => {
    const { db } = connect();
    const seen = observer();
    const write = db.insertInto('t').values({ id: 1, v: 'a' }).execute();
    const read = db.selectFrom('t').selectAll().execute();
    let readDone = false;
    void read.then(() => {
      readDone = true;
    });
    await Promise.resolve();
    expect(readDone).toBe(false);
    expect(await read).toEqual([{ id: 1, v: 'a' }]);
    expect(count(seen)).toBe(1);
    await write;
  });

  it('fails only the statement that broke a constraint; the rest of its batch commits', async () => {
    const { db } = connect();
    const seen = observer();
    const ok1 = db.insertInto('t').values({ id: 1, v: 'same' }).execute();
    const dup = db.insertInto('t').values({ id: 2, v: 'same' }).execute();
    const ok2 = db.insertInto('t').values({ id: 3, v: 'other' }).execute();
    await expect(dup).rejects.toThrow(/UNIQUE/);
    await Promise.all([ok1, ok2]);
    expect(seen.prepare('select id from t order by id').all()).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('runs explicit transactions alone: the open batch commits first, a rollback undoes only the transaction', async () => {
    const { db } = connect();
    const seen = observer();
    const before = db.insertInto('t').values({ id: 1, v: 'batched' }).execute();
    let outside: Promise<unknown> | undefined;
    const trx = db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 2, v: 'in-tx' }).execute();
      // A write from outside waits for the transaction instead of joining it.
      outside = db.insertInto('t').values({ id: 3, v: 'after' }).execute();
      await new Promise((r) => setTimeout(r, 20));
      expect(count(seen)).toBe(1);
      throw new Error('roll it back');
    });
    await expect(trx).rejects.toThrow('roll it back');
    await Promise.all([before, outside]);
    expect(seen.prepare('select id from t order by id').all()).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('waits for the write lock of another connection in this process without blocking the event loop', async () => {
    const a = connect();
    const b = connect();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      writes.push(
        a.db
          .insertInto('t')
          .values({ id: 2 * i, v: `a${i}` })
          .execute(),
      );
      writes.push(
        b.db
          .insertInto('t')
          .values({ id: 2 * i + 1, v: `b${i}` })
          .execute(),
      );
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    expect(count(observer())).toBe(100);
  });

  it('gives up with SQLITE_BUSY after the busy timeout when another connection keeps the lock', async () => {
    const { db } = connect(100);
    const holder = new Database(file);
    open.push(holder);
    holder.prepare('begin immediate').run();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await expect(db.insertInto('t').values({ id: 1, v: 'x' }).execute()).rejects.toMatchObject({
        code: 'SQLITE_BUSY',
      });
    } finally {
      clearInterval(timer);
      holder.prepare('rollback').run();
    }
    // The wait was asynchronous: timers kept firing meanwhile.
    expect(ticks).toBeGreaterThan(0);
    await db.insertInto('t').values({ id: 1, v: 'x' }).execute();
    expect(count(observer())).toBe(1);
  });
});
