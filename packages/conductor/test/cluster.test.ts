import { NoFreeConductorWorker, ProvisionState as S } from '@ferric/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createConductor,
  type EmbeddedConductor,
  InProcessTransport,
  type NodeRecord,
} from '../src/index.js';
import { silentLogger, tempDir, waitFor } from './helpers.js';

const running: EmbeddedConductor[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  for (const f of cleanups.splice(0)) f();
});

const FAST = {
  heartbeatInterval: 0.05,
  heartbeatTimeout: 2,
  hashRingResetInterval: 0.05,
  nodeLockedRetryAttempts: 0,
  nodeLockedRetryInterval: 0.02,
  workersPoolSize: 10,
  syncPowerStateInterval: 3600,
  powerFailureRecoveryInterval: 3600,
  checkProvisionStateInterval: 0.1,
  syncLocalStateInterval: 0.1,
  gracefulShutdownTimeout: 2,
};

function make(file: string, host: string, transport: InProcessTransport, config = {}) {
  const c = createConductor({
    database: { sqlite: file },
    logger: silentLogger,
    transport,
    config: { host, ...FAST, ...config },
  });
  running.push(c);
  return c;
}

async function activeNodes(c: EmbeddedConductor, count: number): Promise<string[]> {
  const uuids: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = await c.rpc.createNode({ node: { driver: 'fake-hardware', name: `n${i}` } });
    uuids.push(n.uuid);
  }
  for (const u of uuids) await c.rpc.doProvisioningAction({ node: u, verb: 'manage' });
  await waitFor(
    async () =>
      (await c.inventory.listNodes({ provisionState: S.MANAGEABLE, reserved: false })).items.length === count,
  );
  for (const u of uuids) await c.rpc.doProvisioningAction({ node: u, verb: 'provide' });
  await waitFor(
    async () =>
      (await c.inventory.listNodes({ provisionState: S.AVAILABLE, reserved: false })).items.length === count,
  );
  for (const u of uuids) await c.rpc.doProvisioningAction({ node: u, verb: 'deploy' });
  await waitFor(
    async () =>
      (await c.inventory.listNodes({ provisionState: S.ACTIVE, reserved: false })).items.length === count,
  );
  return uuids;
}

describe('two conductors on one database', () => {
  it('split nodes by the ring, and the survivor takes over after a clean stop', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const transport = new InProcessTransport();
    const a = make(t.file('db.sqlite'), 'cond-a', transport);
    const b = make(t.file('db.sqlite'), 'cond-b', transport);
    await a.start();
    await b.start();
    const uuids = await activeNodes(a, 12);
    const owners = new Map<string, string>();
    for (const u of uuids) owners.set(u, await a.ring.mapNode(await a.inventory.getNode(u)));
    expect(new Set(owners.values())).toEqual(new Set(['cond-a', 'cond-b']));
    // The conductor that ran the deploy recorded its affinity; ring and affinity agree after take-over.
    await waitFor(async () => {
      for (const u of uuids)
        if ((await a.inventory.getNode(u)).conductorAffinity !== owners.get(u)) return false;
      return true;
    }, 'affinity to follow the ring');

    await b.stop();
    expect((await a.inventory.getConductor('cond-b')).alive).toBe(false);
    await waitFor(async () => {
      for (const u of uuids) if ((await a.inventory.getNode(u)).conductorAffinity !== 'cond-a') return false;
      return true;
    }, 'cond-a to take over every node');
    for (const u of uuids) expect(await a.ring.mapNode(await a.inventory.getNode(u))).toBe('cond-a');
  });

  it('detects a killed conductor by heartbeat timeout and releases its reservations', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const transport = new InProcessTransport();
    const a = make(t.file('db.sqlite'), 'cond-a', transport);
    const b = make(t.file('db.sqlite'), 'cond-b', transport);
    await a.start();
    await b.start();
    const nodes: NodeRecord[] = [];
    for (let i = 0; i < 20; i++) nodes.push(await a.rpc.createNode({ node: { driver: 'fake-hardware' } }));
    // a's ring is rebuilt lazily: wait until it maps some nodes to cond-b (20 nodes: never all on one host).
    let bNodes: string[] = [];
    await waitFor(async () => {
      bNodes = [];
      for (const n of nodes) if ((await a.ring.mapNode(n)) === 'cond-b') bNodes.push(n.uuid);
      return bNodes.length > 0;
    }, 'cond-b in the hash ring');
    // cond-b holds locks on its nodes when it dies without cleanup.
    const { NodeRepository } = await import('../src/db/node-repository.js');
    const { openDatabase } = await import('../src/db/connection.js');
    const db = await openDatabase({ sqlite: t.file('db.sqlite') });
    for (const u of bNodes) expect(await new NodeRepository(db.db).reserve(u, 'cond-b')).toBe(true);
    await db.close();
    await b.stop({ graceful: false });
    expect((await a.inventory.getConductor('cond-b')).online).toBe(true);
    await waitFor(async () => !(await a.inventory.getConductor('cond-b')).alive, 'heartbeat timeout');
    await waitFor(async () => {
      const page = await a.inventory.listNodes({ reservedBy: ['cond-b'] });
      return page.items.length === 0;
    }, 'reservations of the dead conductor to be released');
  });
});

describe('resume after restart', () => {
  it('a node mid-deploy when its conductor stops resumes to active on the next start', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const transport = new InProcessTransport();
    const c = make(t.file('db.sqlite'), 'solo', transport, {
      gracefulShutdownTimeout: 0.05,
      syncLocalStateInterval: 3600,
    });
    await c.start();
    const n = await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'slow' } });
    await c.rpc.doProvisioningAction({ node: 'slow', verb: 'manage' });
    await waitFor(async () => (await c.inventory.getNode('slow')).provisionState === S.MANAGEABLE);
    await c.rpc.updateNode({ node: 'slow', patch: { automatedClean: false } });
    await c.rpc.doProvisioningAction({ node: 'slow', verb: 'provide' });
    await waitFor(async () => (await c.inventory.getNode('slow')).provisionState === S.AVAILABLE);
    await c.rpc.updateNode({ node: 'slow', patch: { driverInfo: { fake_latency_ms: 400 } } });
    await c.rpc.doProvisioningAction({ node: 'slow', verb: 'deploy' });
    await waitFor(
      async () => (await c.inventory.getNode('slow')).deployStep !== null,
      'deploy step to start',
    );
    await c.stop();
    const { openDatabase } = await import('../src/db/connection.js');
    const { NodeRepository } = await import('../src/db/node-repository.js');
    const db = await openDatabase({ sqlite: t.file('db.sqlite') });
    const mid = await new NodeRepository(db.db).getByUuid(n.uuid);
    await db.close();
    expect(mid.provisionState).toBe(S.DEPLOYING);
    expect(mid.reservation).toBeNull();

    await c.start();
    await waitFor(
      async () => (await c.inventory.getNode('slow')).provisionState === S.ACTIVE,
      'resume to active',
    );
    const done = await c.inventory.getNode('slow');
    expect(done.lastError).toBeNull();
    expect(done.powerState).toBe('power on');
  });
});

describe('resume after restart: cleaning', () => {
  it('a node mid-cleaning (fake clean step running) when its conductor stops resumes to available', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = make(t.file('db.sqlite'), 'solo', new InProcessTransport(), {
      gracefulShutdownTimeout: 0.05,
      syncLocalStateInterval: 3600,
    });
    await c.start();
    await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'cl' } });
    await c.rpc.doProvisioningAction({ node: 'cl', verb: 'manage' });
    await waitFor(async () => (await c.inventory.getNode('cl')).provisionState === S.MANAGEABLE);
    await c.rpc.updateNode({ node: 'cl', patch: { driverInfo: { fake_latency_ms: 400 } } });
    await c.rpc.doProvisioningAction({ node: 'cl', verb: 'provide' });
    await waitFor(async () => (await c.inventory.getNode('cl')).cleanStep !== null, 'clean step to start');
    await c.stop();
    const { openDatabase } = await import('../src/db/connection.js');
    const { NodeRepository } = await import('../src/db/node-repository.js');
    const db = await openDatabase({ sqlite: t.file('db.sqlite') });
    const mid = await new NodeRepository(db.db).get('cl');
    await db.close();
    expect(mid).toMatchObject({ provisionState: S.CLEANING, reservation: null });
    await c.start();
    const done = await waitFor(async () => {
      const n = await c.inventory.getNode('cl');
      return n.provisionState === S.AVAILABLE && n.reservation === null ? n : undefined;
    }, 'resume to available');
    expect(done.lastError).toBeNull();
    expect(done.maintenance).toBe(false);
    expect(done.driverInternalInfo.fake_erased_at).toBeTypeOf('string');
  });
});

describe('worker pool through the RPC', () => {
  it('a full pool yields NoFreeConductorWorker', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = make(t.file('db.sqlite'), 'tiny', new InProcessTransport(), {
      workersPoolSize: 3,
      reservedWorkersPoolPercentage: 0,
      checkProvisionStateInterval: 3600,
      syncLocalStateInterval: 3600,
    });
    await c.start();
    const nodes = [];
    for (let i = 0; i < 4; i++) {
      const n = await c.rpc.createNode({
        node: { driver: 'fake-hardware', driverInfo: { fake_latency_ms: 300 } },
      });
      nodes.push(n.uuid);
    }
    const results = await Promise.allSettled(
      nodes.map((u) => c.rpc.changeNodePowerState({ node: u, target: 'power on' })),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(NoFreeConductorWorker);
  });
});

async function state(c: EmbeddedConductor, node: string, want: string) {
  return waitFor(async () => {
    const n = await c.inventory.getNode(node);
    return n.provisionState === want && n.reservation === null ? n : undefined;
  }, `${node} to reach ${want}`);
}

describe('resume after restart beyond the free workers', () => {
  it('queues every interrupted node and resumes each as workers free up, without the take-over check', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = t.file('db.sqlite');
    const before = make(file, 'solo', new InProcessTransport(), { workersPoolSize: 12 });
    await before.start();
    const names = Array.from({ length: 10 }, (_, i) => `r-${i}`);
    for (const name of names) {
      await before.rpc.createNode({ node: { driver: 'fake-hardware', name, automatedClean: false } });
      await before.rpc.doProvisioningAction({ node: name, verb: 'manage' });
      await state(before, name, S.MANAGEABLE);
      await before.rpc.doProvisioningAction({ node: name, verb: 'provide' });
      await state(before, name, S.AVAILABLE);
      await before.rpc.updateNode({ node: name, patch: { driverInfo: { fake_latency_ms: 600 } } });
    }
    for (const node of names) await before.rpc.doProvisioningAction({ node, verb: 'deploy' });
    await before.stop({ graceful: false });
    // The same host restarts with a pool of 5 (4 workers for background work): 10 nodes to resume.
    // The take-over periodic is an hour away, so only the resume queue can finish them.
    const after = make(file, 'solo', new InProcessTransport(), {
      workersPoolSize: 5,
      syncLocalStateInterval: 3600,
      checkProvisionStateInterval: 3600,
    });
    await after.start();
    for (const name of names) {
      const n = await state(after, name, S.ACTIVE);
      expect(n.lastError).toBeNull();
    }
  });
});
