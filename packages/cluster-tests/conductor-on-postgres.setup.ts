// Runs @ferric/conductor's own test suite on PostgreSQL: every `openDatabase({ sqlite: path })` the
// tests make is redirected to a PostgreSQL database of this run (one per SQLite path, so conductors
// sharing a file share a database; `:memory:` gets a fresh one each time). Databases are dropped
// when the test file ends. Used by vitest.conductor-pg.config.ts only.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, vi } from 'vitest';

const ADMIN = process.env.FERRIC_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const created = new Set<string>();
let memory = 0;

async function databaseFor(sqlitePath: string): Promise<string> {
  const key = sqlitePath === ':memory:' ? `mem${memory++}` : resolve(sqlitePath);
  const name = `ferric_suite_${process.pid}_${createHash('sha1').update(key).digest('hex').slice(0, 12)}`;
  if (!created.has(name)) {
    const c = new pg.Client({ connectionString: ADMIN });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE "${name}"`);
    } finally {
      await c.end();
    }
    created.add(name);
  }
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

vi.mock('../conductor/src/db/connection.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../conductor/src/db/connection.js')>();
  return {
    ...real,
    openDatabase: async (...[options, logger]: Parameters<typeof real.openDatabase>) =>
      'sqlite' in options
        ? real.openDatabase({ url: await databaseFor(options.sqlite), pool: { max: 5 } }, logger)
        : real.openDatabase(options, logger),
  };
});

afterAll(async () => {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    for (const name of created) {
      await c.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    }
  } finally {
    await c.end();
  }
  created.clear();
});
