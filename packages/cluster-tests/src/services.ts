import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Server URL of the PostgreSQL the tests use (`FERRIC_TEST_PG_URL`, default the local trust server). */
export const PG_ADMIN_URL = process.env.FERRIC_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** AMQP server base (`FERRIC_TEST_AMQP_URL`, default local guest), without a vhost. */
export const AMQP_BASE_URL = process.env.FERRIC_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A unique, lowercase name for this test's database / vhost. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates a fresh PostgreSQL database; `drop()` removes it (terminating leftover sessions). */
export async function createTestDatabase(
  prefix = 'ferric_t',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDb(PG_ADMIN_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Creates a RabbitMQ vhost for guest (`rabbitmqctl`); `drop()` deletes it. */
export async function createTestVhost(prefix = 'ferric_t'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  await run('rabbitmqctl', ['-q', 'add_vhost', name]);
  await run('rabbitmqctl', ['-q', 'set_permissions', '-p', name, 'guest', '.*', '.*', '.*']);
  return {
    url: `${AMQP_BASE_URL}/${encodeURIComponent(name)}`,
    async drop() {
      await run('rabbitmqctl', ['-q', 'delete_vhost', name]).catch(() => undefined);
    },
  };
}

/** Polls `check` until truthy (bounded; no timing assertions). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
