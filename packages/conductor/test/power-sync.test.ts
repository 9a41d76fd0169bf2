import { ProvisionState as S } from '@ferric/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { NodeRepository } from '../src/db/node-repository.js';
import {
  createConductor,
  type EmbeddedConductor,
  InProcessTransport,
  POWER_FAILURE_FAULT,
} from '../src/index.js';
import { silentLogger, tempDir, waitFor } from './helpers.js';

const running: EmbeddedConductor[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  for (const f of cleanups.splice(0)) f();
});

async function setup(force: boolean) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const c = createConductor({
    database: { sqlite: t.file('db.sqlite') },
    logger: silentLogger,
    transport: new InProcessTransport(),
    config: {
      host: 'p1',
      heartbeatInterval: 0.05,
      heartbeatTimeout: 2,
      hashRingResetInterval: 0.05,
      nodeLockedRetryAttempts: 5,
      nodeLockedRetryInterval: 0.02,
      syncPowerStateInterval: 0.05,
      powerFailureRecoveryInterval: 0.05,
      powerStateSyncMaxRetries: 3,
      forcePowerStateDuringSync: force,
      checkProvisionStateInterval: 3600,
      syncLocalStateInterval: 3600,
    },
  });
  running.push(c);
  await c.start();
  const n = await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'pw' } });
  await c.rpc.doProvisioningAction({ node: 'pw', verb: 'manage' });
  await waitFor(async () => (await c.inventory.getNode('pw')).provisionState === S.MANAGEABLE);
  const db = await openDatabase({ sqlite: t.file('db.sqlite') });
  cleanups.unshift(() => void db.close());
  return { c, uuid: n.uuid, repo: new NodeRepository(db.db) };
}

describe('power state sync', () => {
  it('forces the recorded state onto diverging hardware when forcePowerStateDuringSync is on', async () => {
    const { c, uuid, repo } = await setup(true);
    await waitFor(async () => (await c.inventory.getNode(uuid)).reservation === null);
    await repo.update(uuid, {
      powerState: 'power on',
      driverInternalInfo: { fake_power_state: 'power off' },
    });
    await waitFor(
      async () => (await c.inventory.getNode(uuid)).driverInternalInfo.fake_power_state === 'power on',
      'hardware forced on',
    );
    expect((await c.inventory.getNode(uuid)).powerState).toBe('power on');
  });

  it('records the hardware state when forcing is off', async () => {
    const { c, uuid, repo } = await setup(false);
    await waitFor(async () => (await c.inventory.getNode(uuid)).reservation === null);
    await repo.update(uuid, {
      powerState: 'power on',
      driverInternalInfo: { fake_power_state: 'power off' },
    });
    await waitFor(
      async () => (await c.inventory.getNode(uuid)).powerState === 'power off',
      'DB follows hardware',
    );
  });

  it('three failures put the node in maintenance and a success takes it out', async () => {
    const { c, uuid } = await setup(true);
    const faults: (string | null)[] = [];
    c.events.on('node.maintenanceChanged', (e) => faults.push(e.fault));
    await c.rpc.updateNode({ node: uuid, patch: { driverInfo: { fake_power_fail: true } } });
    const broken = await waitFor(async () => {
      const n = await c.inventory.getNode(uuid);
      return n.maintenance ? n : undefined;
    }, 'maintenance after repeated failures');
    expect(broken.fault).toBe(POWER_FAILURE_FAULT);
    // The third pass wrote maintenance; it counts as run once it returned (after that commit).
    await waitFor(
      async () =>
        (c.listPeriodics().find((p) => p.name === 'ConductorManager.syncPowerStates')?.runs ?? 0) >= 3,
      'three sync passes',
    );
    await c.rpc.updateNode({ node: uuid, patch: { driverInfo: {} } });
    const healed = await waitFor(async () => {
      const n = await c.inventory.getNode(uuid);
      return !n.maintenance ? n : undefined;
    }, 'recovery');
    expect(healed.fault).toBeNull();
    // Events follow the commit; a reader may see the committed row first.
    await waitFor(async () => faults.length >= 2, 'maintenance events');
    expect(faults).toEqual([POWER_FAILURE_FAULT, null]);
  });
});
