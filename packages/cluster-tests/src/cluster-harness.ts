import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase, createTestVhost, waitFor } from './services.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../api/bin/ferric.js');

/** Test-sized conductor timings: death is noticed within ~3 s, periodics every second. */
export const FAST_CONDUCTOR = {
  heartbeatInterval: 0.5,
  heartbeatTimeout: 3,
  hashRingResetInterval: 0.5,
  nodeLockedRetryAttempts: 3,
  nodeLockedRetryInterval: 0.2,
  workersPoolSize: 150,
  syncPowerStateInterval: 3600,
  powerFailureRecoveryInterval: 3600,
  checkProvisionStateInterval: 1,
  syncLocalStateInterval: 1,
  maxConcurrentDeploy: 1000,
  maxConcurrentClean: 1000,
  gracefulShutdownTimeout: 5,
};

/** The shared JSON-RPC bearer token of test clusters (must never show up in a log). */
export const RPC_TOKEN = `rpc-token-${process.pid}-0123456789abcdef`;

/** Everything the processes of a cluster logged so far. */
export function readLogs(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

/** One spawned `ferric conductor|api` process (own process group, killed with it). */
export interface Proc {
  name: string;
  child: ChildProcess;
  /** The ready line it printed. */
  ready: string;
  exited: Promise<number | null>;
}

/** A multi-process cluster on a fresh PostgreSQL database (and RabbitMQ vhost for AMQP). */
export class ProcessCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'ferric-cluster-'));
  readonly procs = new Map<string, Proc>();
  db!: Awaited<ReturnType<typeof createTestDatabase>>;
  vhost: Awaited<ReturnType<typeof createTestVhost>> | undefined;
  sql!: pg.Pool;
  /** Base URLs of the API processes; requests go round-robin over them. */
  readonly apiUrls: string[] = [];
  #next = 0;

  constructor(readonly transport: 'json-rpc' | 'amqp') {}

  async setup(): Promise<void> {
    this.db = await createTestDatabase();
    if (this.transport === 'amqp') this.vhost = await createTestVhost();
    this.sql = new pg.Pool({ connectionString: this.db.url, max: 3 });
    this.sql.on('error', () => undefined);
  }

  config(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      database: { url: this.db.url, pool: { max: 8 } },
      rpc: {
        transport: this.transport,
        timeout: 5,
        // A token even on loopback, so bearer auth between processes is exercised.
        jsonRpc: { host: '127.0.0.1', port: 0, token: RPC_TOKEN },
        ...(this.vhost ? { amqp: { url: this.vhost.url } } : {}),
      },
      conductor: { ...FAST_CONDUCTOR },
      api: { host: '127.0.0.1', port: 0 },
      logLevel: process.env.FERRIC_TEST_LOG ?? 'warn',
      ...extra,
    };
  }

  async spawn(
    name: string,
    command: 'conductor' | 'api',
    extra: Record<string, unknown> = {},
  ): Promise<Proc> {
    const cfg = join(this.dir, `${name}.json`);
    writeFileSync(
      cfg,
      JSON.stringify(this.config(command === 'conductor' ? { host: name, ...extra } : extra)),
    );
    const child = spawn(process.execPath, [BIN, command, '-c', cfg], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FERRIC_CONFIG: '' },
    });
    const log = createWriteStream(join(this.dir, `${name}.log`), { flags: 'a' });
    child.stderr?.pipe(log);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const ready = await new Promise<string>((resolveReady, reject) => {
      let buf = '';
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start; see ${join(this.dir, `${name}.log`)}`)),
        60_000,
      );
      child.stdout?.on('data', (d: Buffer) => {
        log.write(d);
        buf += d.toString();
        const line = buf.split('\n').find((l) => l.includes(' ready '));
        if (line) {
          clearTimeout(timer);
          resolveReady(line);
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(
          new Error(`${name} exited with ${code} before it was ready; see ${join(this.dir, `${name}.log`)}`),
        );
      });
    });
    const proc = { name, child, ready, exited };
    this.procs.set(name, proc);
    if (command === 'api') this.apiUrls.push(/ready at (\S+)/.exec(ready)![1]!);
    return proc;
  }

  /** `kill -9` of the process group. */
  kill9(name: string): Promise<number | null> {
    const p = this.procs.get(name)!;
    process.kill(-p.child.pid!, 'SIGKILL');
    this.procs.delete(name);
    return p.exited;
  }

  async teardown(): Promise<void> {
    const all = [...this.procs.values()];
    this.procs.clear();
    for (const p of all) {
      try {
        process.kill(-p.child.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    await Promise.all(
      all.map((p) =>
        Promise.race([p.exited, new Promise((r) => setTimeout(r, 15_000))]).then(() => {
          try {
            process.kill(-p.child.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
        }),
      ),
    );
    await this.sql?.end().catch(() => undefined);
    await this.db?.drop();
    await this.vhost?.drop();
    if (!process.env.FERRIC_KEEP_LOGS) rmSync(this.dir, { recursive: true, force: true });
  }

  // ---------------------------------------------------------------- REST API client

  async api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const base = this.apiUrls[this.#next++ % this.apiUrls.length];
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-openstack-ironic-api-version': 'latest' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }

  /**
   * Sends a request until it is accepted: 409 (locked) and 503 (conductor unreachable or being
   * replaced, broker down) are retried; anything else but `ok` fails. @returns the accepted response.
   */
  async accepted(method: string, path: string, body: unknown, ok: number[]): Promise<unknown> {
    const deadline = Date.now() + 120_000;
    let last = '';
    while (Date.now() < deadline) {
      let r: { status: number; json: unknown };
      try {
        r = await this.api(method, path, body);
      } catch (err) {
        last = String(err);
        await sleep(200);
        continue;
      }
      if (ok.includes(r.status)) return r.json;
      last = `${r.status} ${JSON.stringify(r.json)}`;
      if (r.status !== 409 && r.status !== 503) throw new Error(`${method} ${path}: ${last}`);
      await sleep(150 + Math.random() * 250);
    }
    throw new Error(`${method} ${path} never accepted: ${last}`);
  }

  /**
   * A provision verb, retried like a client would. A request in flight when its conductor dies may
   * have been accepted without an answer; the retry is then refused (400, wrong state) while the node
   * is already on its way, which counts as accepted.
   */
  async provision(uuid: string, target: string): Promise<unknown> {
    try {
      return await this.accepted('PUT', `/v1/nodes/${uuid}/states/provision`, { target }, [202]);
    } catch (err) {
      const onItsWay = ON_ITS_WAY[target] ?? [];
      const node = (await this.api('GET', `/v1/nodes/${uuid}`)).json as { provision_state?: string };
      if (String(err).includes(': 400 ') && onItsWay.includes(node.provision_state ?? '')) return node;
      throw err;
    }
  }

  // ---------------------------------------------------------------- database views

  async states(uuids: readonly string[]): Promise<Map<string, number>> {
    const r = await this.sql.query<{ provision_state: string; n: string }>(
      'SELECT provision_state, count(*) AS n FROM nodes WHERE uuid = ANY($1) AND reservation IS NULL GROUP BY provision_state',
      [uuids],
    );
    return new Map(r.rows.map((x) => [x.provision_state, Number(x.n)]));
  }

  /** Waits until every node rests (unlocked) in `state`. */
  async allIn(uuids: readonly string[], state: string, timeoutMs = 180_000): Promise<void> {
    await waitFor(
      async () => (await this.states(uuids)).get(state) === uuids.length,
      `${uuids.length} nodes ${state}`,
      timeoutMs,
    ).catch(async (err: unknown) => {
      const r = await this.sql.query(
        'SELECT provision_state, reservation, count(*) FROM nodes WHERE uuid = ANY($1) GROUP BY 1, 2',
        [uuids],
      );
      throw new Error(`${String(err)}; now: ${JSON.stringify(r.rows)} (logs in ${this.dir})`);
    });
  }
}

const ON_ITS_WAY: Record<string, string[]> = {
  active: ['deploying', 'wait call-back', 'active'],
  deleted: ['deleting', 'cleaning', 'clean wait', 'available'],
  manage: ['verifying', 'manageable'],
  provide: ['cleaning', 'clean wait', 'available'],
};

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
