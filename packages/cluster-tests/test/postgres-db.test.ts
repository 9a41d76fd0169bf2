import 'reflect-metadata';
import * as net from 'node:net';
import {
  createConductor,
  type EmbeddedConductor,
  type FerricDb,
  InProcessTransport,
  openDatabase,
} from '@ferric/conductor';
import { ProvisionState as S } from '@ferric/core';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, waitFor } from '../src/services.js';

const silent = pino({ level: process.env.FERRIC_TEST_LOG ?? 'silent' });
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const handles: FerricDb[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const h of handles.splice(0)) await h.close();
  await database?.drop();
});

async function open(max = 5): Promise<FerricDb> {
  const h = await openDatabase({ url: database.url, pool: { max } }, silent);
  handles.push(h);
  return h;
}

describe('PostgreSQL backend', () => {
  it('migrates once even when several processes start at the same time', async () => {
    const [a] = await Promise.all([open(), open(), open()]);
    const rows = await a!.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    const names = rows.map((r) => (r as { name: string }).name);
    expect(names).toContain('0001-initial');
    expect(names).toContain('0002-conductor-rpc-address');
    expect(new Set(names).size).toBe(names.length);
    expect(a!.dialect).toBe('postgres');
  });

  it('redacts the password of a bad URL', async () => {
    await expect(openDatabase({ url: 'mysql://u:s3cret@h/db' })).rejects.toThrow(/mysql:\/\/u:\*\*\*@h\/db/);
  });

  it('reservations are atomic under real concurrency: every node is taken exactly once', async () => {
    const pools = await Promise.all([open(8), open(8), open(8)]);
    const { NodeRepository } = await import('../../conductor/src/db/node-repository.js');
    const repos = pools.map((p) => new NodeRepository(p.db));
    const uuids: string[] = [];
    for (let i = 0; i < 150; i++) uuids.push((await repos[0]!.create({ driver: 'fake-hardware' })).uuid);
    const hosts = ['h-a', 'h-b', 'h-c'];
    // Every host tries every node at once, several times: exactly one reservation per node may win.
    const results = await Promise.all(
      hosts.flatMap((h, i) =>
        [0, 1].flatMap(() => uuids.map(async (u) => ((await repos[i]!.reserve(u, h)) ? `${u}|${h}` : null))),
      ),
    );
    const wins = results.filter((r): r is string => r !== null);
    expect(wins.length).toBe(uuids.length);
    expect(new Set(wins.map((w) => w.split('|')[0])).size).toBe(uuids.length);
    // Releasing everything one host holds reports exactly the rows it released.
    const heldByA = wins.filter((w) => w.endsWith('|h-a')).map((w) => w.split('|')[0]);
    const released = await Promise.all([
      repos[1]!.releaseAllHeldBy(['h-a']),
      repos[2]!.releaseAllHeldBy(['h-a']),
    ]);
    expect([...released[0], ...released[1]].sort()).toEqual([...heldByA].sort());
    expect(await repos[0]!.count({ reservedBy: ['h-a'] })).toBe(0);
    await Promise.all(hosts.map((h, i) => repos[i]!.releaseAllHeldBy([h])));
    expect(await repos[0]!.count({ reserved: true })).toBe(0);
  });

  it('concurrent writes of different fields are not lost', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const { NodeRepository } = await import('../../conductor/src/db/node-repository.js');
    const ra = new NodeRepository(a!.db);
    const rb = new NodeRepository(b!.db);
    const n = await ra.create({ driver: 'fake-hardware' });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? ra.update(n.uuid, { description: `d${i}` }) : rb.update(n.uuid, { extra: { i } }),
      ),
    );
    const final = await ra.getByUuid(n.uuid);
    expect(final.description).toMatch(/^d\d+$/);
    expect(final.extra).toHaveProperty('i');
  });

  it('rides out killed sessions: statements outside transactions are retried on a new connection', async () => {
    const h = await open(4);
    const { NodeRepository } = await import('../../conductor/src/db/node-repository.js');
    const repo = new NodeRepository(h.db);
    const killer = new pg.Client({ connectionString: database.url });
    await killer.connect();
    let stop = false;
    const load = (async () => {
      let n = 0;
      while (!stop) {
        await repo.create({ driver: 'fake-hardware' });
        await repo.count();
        n++;
      }
      return n;
    })();
    try {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 100));
        // every other session of this database, as a server restart would
        await killer.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
      }
    } finally {
      stop = true;
      await killer.end();
    }
    expect(await load).toBeGreaterThan(0);
  });

  it('rides out a server outage of a few seconds (a TCP proxy stands in for a PostgreSQL restart)', async () => {
    const target = new URL(database.url);
    const sockets = new Set<net.Socket>();
    const proxy = () =>
      net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
    let server = proxy();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${port}`;
    const h = await openDatabase({ url: viaProxy.toString(), pool: { max: 3 } }, silent);
    handles.push(h);
    const { NodeRepository } = await import('../../conductor/src/db/node-repository.js');
    const repo = new NodeRepository(h.db);
    await repo.count();
    // "Restart": every connection dies, new ones are refused for 2 s, then the server is back.
    server.close();
    for (const s of sockets) s.destroy();
    const during = Promise.all([repo.create({ driver: 'fake-hardware' }), repo.count()]);
    await new Promise((r) => setTimeout(r, 2_000));
    server = proxy();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const [created] = await during;
      expect((await repo.getByUuid(created.uuid)).uuid).toBe(created.uuid);
    } finally {
      await h.close();
      handles.splice(handles.indexOf(h), 1);
      server.close();
      for (const s of sockets) s.destroy();
    }
  });

  it('two conductors on PostgreSQL: deploy, kill one mid-deploy, the survivor takes over', async () => {
    const transport = new InProcessTransport();
    const FAST = {
      heartbeatInterval: 0.1,
      heartbeatTimeout: 1,
      hashRingResetInterval: 0.1,
      nodeLockedRetryAttempts: 2,
      nodeLockedRetryInterval: 0.05,
      workersPoolSize: 40,
      syncPowerStateInterval: 3600,
      powerFailureRecoveryInterval: 3600,
      checkProvisionStateInterval: 0.2,
      syncLocalStateInterval: 0.2,
      gracefulShutdownTimeout: 2,
      automatedClean: false,
    };
    const make = (host: string): EmbeddedConductor =>
      createConductor({
        database: { url: database.url, pool: { max: 5 } },
        logger: silent,
        transport,
        config: { ...FAST, host },
      });
    const a = make('pg-a');
    const b = make('pg-b');
    await a.start();
    await b.start();
    try {
      const uuids: string[] = [];
      for (let i = 0; i < 30; i++)
        uuids.push(
          (
            await a.rpc.createNode({
              node: { driver: 'fake-hardware', driverInfo: { fake_latency_ms: 400 } },
            })
          ).uuid,
        );
      for (const verb of ['manage', 'provide'] as const) {
        await Promise.all(uuids.map((u) => a.rpc.doProvisioningAction({ node: u, verb })));
        const want = verb === 'manage' ? S.MANAGEABLE : S.AVAILABLE;
        await waitFor(
          async () =>
            (await a.inventory.listNodes({ provisionState: want, reserved: false, uuids })).items.length ===
            30,
          verb,
        );
      }
      await Promise.all(uuids.map((u) => a.rpc.doProvisioningAction({ node: u, verb: 'deploy' })));
      const ownedByB = (await b.inventory.listNodes({ reservedBy: ['pg-b'], uuids })).items.length;
      expect(ownedByB).toBeGreaterThan(0);
      await b.stop({ graceful: false }); // kill: row stays online, locks stay held
      await waitFor(
        async () =>
          (await a.inventory.listNodes({ provisionState: S.ACTIVE, reserved: false, uuids })).items.length ===
          30,
        'all nodes active after take-over',
      );
      expect((await a.inventory.listNodes({ reservedBy: ['pg-b'] })).items).toEqual([]);
    } finally {
      await b.stop();
      await a.stop();
    }
  }, 90_000);
});
