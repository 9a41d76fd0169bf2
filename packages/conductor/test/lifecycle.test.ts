import { NodeLocked, ProvisionState as S } from '@ferric/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createConductor,
  type EmbeddedConductor,
  InProcessTransport,
  InvalidConductorConfig,
} from '../src/index.js';
import { agentBus } from './fixtures/agent-driver.js';
import { Cluster, heartbeat, settled } from './harness.js';
import { silentLogger, tempDir, waitFor } from './helpers.js';

const running: EmbeddedConductor[] = [];
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  for (const f of cleanups.splice(0)) await f();
});

function make(file: string, host: string, transport: InProcessTransport, config = {}) {
  const c = createConductor({
    database: { sqlite: file },
    logger: silentLogger,
    transport,
    config: {
      host,
      heartbeatInterval: 0.05,
      heartbeatTimeout: 2,
      hashRingResetInterval: 0.05,
      nodeLockedRetryAttempts: 1,
      nodeLockedRetryInterval: 0.02,
      workersPoolSize: 10,
      syncPowerStateInterval: 3600,
      powerFailureRecoveryInterval: 3600,
      checkProvisionStateInterval: 3600,
      syncLocalStateInterval: 3600,
      gracefulShutdownTimeout: 2,
      ...config,
    },
  });
  running.push(c);
  return c;
}

async function state(c: EmbeddedConductor, node: string, want: string) {
  return waitFor(async () => {
    const n = await c.inventory.getNode(node);
    return n.provisionState === want && n.reservation === null ? n : undefined;
  }, `${node} to reach ${want}`);
}

describe('conductor lifecycle through the RPC contract', () => {
  it('rejects an invalid configuration with every problem listed', () => {
    expect(() =>
      createConductor({
        database: { sqlite: ':memory:' },
        config: { workersPoolSize: 2, heartbeatInterval: -1 },
      }),
    ).toThrow(InvalidConductorConfig);
    try {
      createConductor({ database: { sqlite: ':memory:' }, config: { workersPoolSize: 2 } });
    } catch (err) {
      expect((err as Error).message).toMatch(/workersPoolSize must be at least 3/);
    }
  });

  it('runs enroll → manageable → available → active → available with inspect, rescue, abort and maintenance', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = make(t.file('db.sqlite'), 'c1', new InProcessTransport());
    const events: string[] = [];
    c.events.on('node.provisionStateChanged', (e) => events.push(e.to));
    await c.start();
    const rpc = c.rpc;
    const node = await rpc.createNode({ node: { driver: 'fake-hardware', name: 'n1' } });
    expect(node.provisionState).toBe(S.ENROLL);
    expect(node.powerInterface).toBe('fake');
    await rpc.createPort({ port: { nodeUuid: node.uuid, address: '52:54:00:12:34:56' } });

    await rpc.doProvisioningAction({ node: 'n1', verb: 'manage' });
    await state(c, 'n1', S.MANAGEABLE);
    await rpc.doProvisioningAction({ node: 'n1', verb: 'inspect' });
    const inspected = await state(c, 'n1', S.MANAGEABLE);
    expect(inspected.properties.cpu_arch).toBe('x86_64');

    await rpc.doProvisioningAction({
      node: 'n1',
      verb: 'clean',
      cleanSteps: [{ interface: 'deploy', step: 'eraseDevicesMetadata' }],
    });
    const cleaned = await state(c, 'n1', S.MANAGEABLE);
    expect(cleaned.driverInternalInfo.fake_erased_at).toBeTypeOf('string');

    await rpc.doProvisioningAction({ node: 'n1', verb: 'provide' });
    await state(c, 'n1', S.AVAILABLE);
    await rpc.doProvisioningAction({ node: 'n1', verb: 'deploy', configdrive: 'abc' });
    const active = await state(c, 'n1', S.ACTIVE);
    expect(active.powerState).toBe('power on');
    expect(active.instanceInfo.configdrive).toBe('abc');

    await rpc.doProvisioningAction({ node: 'n1', verb: 'rescue', rescuePassword: 'secret' });
    await state(c, 'n1', S.RESCUE);
    await rpc.doProvisioningAction({ node: 'n1', verb: 'unrescue' });
    await state(c, 'n1', S.ACTIVE);

    await rpc.changeNodePowerState({ node: 'n1', target: 'power off' });
    await waitFor(async () => (await c.inventory.getNode('n1')).powerState === 'power off', 'power off');
    await rpc.setBootDevice({ node: 'n1', device: 'pxe' });
    expect((await rpc.getBootDevice({ node: 'n1' })).bootDevice).toBe('pxe');

    await rpc.doProvisioningAction({ node: 'n1', verb: 'undeploy' });
    const back = await state(c, 'n1', S.AVAILABLE);
    expect(back.instanceInfo).toEqual({});

    const m = await rpc.setMaintenance({ node: 'n1', maintenance: true, reason: 'disk swap' });
    expect(m.maintenance).toBe(true);
    await expect(rpc.doProvisioningAction({ node: 'n1', verb: 'deploy' })).rejects.toThrow(/maintenance/);
    await rpc.setMaintenance({ node: 'n1', maintenance: false });

    // abort: an in-band inspection would wait; use the abort path on a node waiting in inspect wait
    await rpc.doProvisioningAction({ node: 'n1', verb: 'manage' });
    await state(c, 'n1', S.MANAGEABLE);
    await c.inventory.getNode('n1');
    await expect(rpc.doProvisioningAction({ node: 'n1', verb: 'abort' })).rejects.toThrow(/Can not abort/);

    const validation = await rpc.validateDriverInterfaces({ node: 'n1' });
    expect(validation.power.result).toBe(true);
    const vendor = await rpc.vendorPassthru({
      node: 'n1',
      method: 'echo',
      httpMethod: 'POST',
      args: { x: 1 },
    });
    expect(vendor).toMatchObject({ async: false, return: { x: 1 } });
    const driverVendor = await rpc.driverVendorPassthru({
      driver: 'fake-hardware',
      method: 'whoami',
      httpMethod: 'GET',
    });
    expect(driverVendor.return).toEqual({ driver: 'fake' });

    await rpc.deleteNode({ node: 'n1' });
    expect((await c.inventory.listNodes()).items).toHaveLength(0);
    expect(events).toContain(S.ACTIVE);
    expect(events).toContain(S.RESCUE);
  });

  it('runs the agent-driven lifecycle through the RPC: inspect wait, deploy wait, rescue wait, abort, maintenance', async () => {
    const cluster = new Cluster();
    cleanups.push(() => cluster.dispose());
    const c = await cluster.start(cluster.add('c1'));
    const rpc = c.rpc;
    const states: string[] = [];
    c.events.on('node.provisionStateChanged', (e) => states.push(e.to));
    await rpc.createNode({ node: { driver: 'agent-hardware', name: 'a1', automatedClean: true } });
    await rpc.doProvisioningAction({ node: 'a1', verb: 'manage' });
    await settled(c, 'a1', S.MANAGEABLE);

    // inspect → inspect wait → the agent posts its inventory → manageable
    await rpc.doProvisioningAction({ node: 'a1', verb: 'inspect' });
    await settled(c, 'a1', S.INSPECTWAIT);
    await rpc.continueInspection({
      node: 'a1',
      inventory: { cpu: { architecture: 'aarch64', count: 64 }, memory_mb: 262144, local_gb: 960 },
    });
    const inspected = await settled(c, 'a1', S.MANAGEABLE);
    expect(inspected.properties).toMatchObject({ cpu_arch: 'aarch64', cpus: 64, memory_mb: 262144 });
    expect(inspected.inspectionStartedAt).toBeNull();

    // inspect again, abort in inspect wait → inspect failed → manage
    await rpc.doProvisioningAction({ node: 'a1', verb: 'inspect' });
    await settled(c, 'a1', S.INSPECTWAIT);
    await rpc.doProvisioningAction({ node: 'a1', verb: 'abort' });
    await settled(c, 'a1', S.INSPECTFAIL);
    await rpc.doProvisioningAction({ node: 'a1', verb: 'manage' });
    await settled(c, 'a1', S.MANAGEABLE);

    // provide → automated cleaning through clean wait → available
    await rpc.doProvisioningAction({ node: 'a1', verb: 'provide' });
    await settled(c, 'a1', S.CLEANWAIT);
    await heartbeat(c, 'a1');
    await waitFor(async () => (await c.inventory.getNode('a1')).cleanStep?.step === 'eraseDevices');
    await settled(c, 'a1', S.CLEANWAIT);
    await heartbeat(c, 'a1');
    await settled(c, 'a1', S.AVAILABLE);

    // maintenance blocks deploy; off again
    await rpc.setMaintenance({ node: 'a1', maintenance: true, reason: 'cabling' });
    await expect(rpc.doProvisioningAction({ node: 'a1', verb: 'deploy' })).rejects.toThrow(/maintenance/);
    const off = await rpc.setMaintenance({ node: 'a1', maintenance: false });
    expect(off).toMatchObject({ maintenance: false, maintenanceReason: null });

    // deploy → wait call-back → heartbeat → active
    await rpc.doProvisioningAction({ node: 'a1', verb: 'deploy' });
    await settled(c, 'a1', S.DEPLOYWAIT);
    await heartbeat(c, 'a1');
    await settled(c, 'a1', S.ACTIVE);

    // rescue → rescue wait → the rescue agent checks in → rescue → unrescue → active
    await rpc.doProvisioningAction({ node: 'a1', verb: 'rescue', rescuePassword: 'pw' });
    await settled(c, 'a1', S.RESCUEWAIT);
    await heartbeat(c, 'a1');
    await settled(c, 'a1', S.RESCUE);
    await rpc.doProvisioningAction({ node: 'a1', verb: 'unrescue' });
    await settled(c, 'a1', S.ACTIVE);

    // undeploy → tear down → automated cleaning → available
    await rpc.doProvisioningAction({ node: 'a1', verb: 'undeploy' });
    await settled(c, 'a1', S.CLEANWAIT);
    await heartbeat(c, 'a1');
    await waitFor(async () => (await c.inventory.getNode('a1')).cleanStep?.step === 'eraseDevices');
    await settled(c, 'a1', S.CLEANWAIT);
    await heartbeat(c, 'a1');
    const back = await settled(c, 'a1', S.AVAILABLE);
    expect(back.powerState).toBe('power off');
    expect(agentBus.errors).toEqual([]);
    for (const s of [
      S.INSPECTWAIT,
      S.INSPECTFAIL,
      S.CLEANWAIT,
      S.DEPLOYWAIT,
      S.RESCUEWAIT,
      S.RESCUE,
      S.DELETING,
    ])
      expect(states).toContain(s);
  });

  it('a locked node yields NodeLocked', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = make(t.file('db.sqlite'), 'c1', new InProcessTransport());
    await c.start();
    const node = await c.rpc.createNode({ node: { driver: 'fake-hardware' } });
    // Another conductor host holds the lock.
    const { NodeRepository } = await import('../src/db/node-repository.js');
    const { openDatabase } = await import('../src/db/connection.js');
    const db = await openDatabase({ sqlite: t.file('db.sqlite') });
    await new NodeRepository(db.db).reserve(node.uuid, 'other-host');
    await expect(c.rpc.doProvisioningAction({ node: node.uuid, verb: 'manage' })).rejects.toBeInstanceOf(
      NodeLocked,
    );
    await db.close();
  });
});
