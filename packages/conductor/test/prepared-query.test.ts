import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PreparedQuery } from '../src/db/prepared-query.js';

interface Schema {
  t: { id: number; name: string; kind: string };
}

const dbs: Kysely<Schema>[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
});

function open(): Kysely<Schema> {
  const raw = new Database(':memory:');
  raw.exec('create table t (id integer primary key, name text not null, kind text not null)');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  dbs.push(db);
  return db;
}

describe('PreparedQuery', () => {
  const byName = new PreparedQuery((db: Kysely<Schema>, p) =>
    db
      .selectFrom('t')
      .select(['id', 'name'])
      .where('name', '=', p<string>('name'))
      .where('kind', '=', 'node'),
  );
  const rename = new PreparedQuery((db: Kysely<Schema>, p) =>
    db
      .updateTable('t')
      .set({ name: p<string>('to') })
      .where('id', '=', p<number>('id')),
  );

  it('binds each run its own arguments and keeps constants in place', async () => {
    const db = open();
    await db
      .insertInto('t')
      .values([
        { id: 1, name: 'a', kind: 'node' },
        { id: 2, name: 'b', kind: 'node' },
        { id: 3, name: 'a', kind: 'port' },
      ])
      .execute();
    expect((await byName.execute(db, { name: 'a' })).rows).toEqual([{ id: 1, name: 'a' }]);
    expect(await byName.first(db, { name: 'b' })).toEqual({ id: 2, name: 'b' });
    expect(await byName.first(db, { name: 'zz' })).toBeUndefined();
    const res = await rename.execute(db, { id: 2, to: 'c' });
    expect(res.numAffectedRows).toBe(1n);
    expect(await byName.first(db, { name: 'c' })).toEqual({ id: 2, name: 'c' });
  });

  it('compiles per database, so two databases do not share statements by accident', async () => {
    const one = open();
    const two = open();
    await one.insertInto('t').values({ id: 1, name: 'x', kind: 'node' }).execute();
    expect(await byName.first(one, { name: 'x' })).toEqual({ id: 1, name: 'x' });
    expect(await byName.first(two, { name: 'x' })).toBeUndefined();
  });
});
