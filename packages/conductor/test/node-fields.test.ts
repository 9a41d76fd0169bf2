import { ProvisionState as S } from '@ferric/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createConductor, type EmbeddedConductor, InProcessTransport } from '../src/index.js';
import { silentLogger, waitFor } from './helpers.js';

const running: EmbeddedConductor[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
});

async function start(): Promise<EmbeddedConductor> {
  const c = createConductor({
    database: { sqlite: ':memory:' },
    logger: silentLogger,
    transport: new InProcessTransport(),
    config: {
      host: 'fields-1',
      workersPoolSize: 10,
      nodeLockedRetryAttempts: 1,
      nodeLockedRetryInterval: 0.02,
      syncPowerStateInterval: 3600,
      powerFailureRecoveryInterval: 3600,
      checkProvisionStateInterval: 3600,
      syncLocalStateInterval: 3600,
    },
  });
  running.push(c);
  await c.start();
  return c;
}

async function state(c: EmbeddedConductor, node: string, want: string) {
  return waitFor(async () => {
    const n = await c.inventory.getNode(node);
    return n.provisionState === want && n.reservation === null ? n : undefined;
  }, `${node} to reach ${want}`);
}

async function settledAllocation(c: EmbeddedConductor, uuid: string) {
  return waitFor(async () => {
    const a = await c.inventory.getAllocation(uuid);
    return a.state === 'allocating' ? undefined : a;
  }, `allocation ${uuid} to be processed`);
}

describe('node fields stored by the conductor', () => {
  it('stores traits as a validated, sorted set', async () => {
    const c = await start();
    await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 't1' } });
    expect(await c.rpc.addNodeTraits({ node: 't1', traits: ['CUSTOM_B', 'HW_CPU_X86_AVX2'] })).toEqual([
      'CUSTOM_B',
      'HW_CPU_X86_AVX2',
    ]);
    expect(await c.rpc.addNodeTraits({ node: 't1', traits: ['CUSTOM_A', 'CUSTOM_B'] })).toEqual([
      'CUSTOM_A',
      'CUSTOM_B',
      'HW_CPU_X86_AVX2',
    ]);
    expect((await c.inventory.getNode('t1')).traits).toEqual(['CUSTOM_A', 'CUSTOM_B', 'HW_CPU_X86_AVX2']);
    await expect(c.rpc.addNodeTraits({ node: 't1', traits: ['custom_lower'] })).rejects.toMatchObject({
      httpStatus: 400,
    });
    await expect(
      c.rpc.addNodeTraits({ node: 't1', traits: Array.from({ length: 51 }, (_, i) => `CUSTOM_${i}`) }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    expect(await c.rpc.removeNodeTraits({ node: 't1', traits: ['CUSTOM_A'] })).toEqual([
      'CUSTOM_B',
      'HW_CPU_X86_AVX2',
    ]);
    await expect(c.rpc.removeNodeTraits({ node: 't1', traits: ['CUSTOM_A'] })).rejects.toMatchObject({
      httpStatus: 404,
    });
    expect(await c.rpc.addNodeTraits({ node: 't1', traits: ['CUSTOM_X'], replace: true })).toEqual([
      'CUSTOM_X',
    ]);
    expect(await c.rpc.removeNodeTraits({ node: 't1' })).toEqual([]);
    await expect(c.rpc.updateNode({ node: 't1', patch: { traits: ['CUSTOM_Y'] } })).rejects.toMatchObject({
      httpStatus: 400,
    });
  });

  it('records the power state and boot mode during verify (manage)', async () => {
    const c = await start();
    const node = await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'v1' } });
    expect(node.powerState).toBeNull();
    await c.rpc.doProvisioningAction({ node: 'v1', verb: 'manage' });
    const managed = await state(c, 'v1', S.MANAGEABLE);
    expect(managed.powerState).toBe('power off');
    expect(managed.bootMode).toBe('uefi');
    expect(managed.secureBoot).toBe(false);
  });

  it('records failures in the node history and deletes it with the node', async () => {
    const c = await start();
    const node = await c.rpc.createNode({
      node: { driver: 'fake-hardware', name: 'h1', driverInfo: { fake_power_fail: true } },
    });
    await c.rpc.doProvisioningAction({ node: 'h1', verb: 'manage' });
    await waitFor(async () => (await c.inventory.getNode('h1')).lastError, 'verify failure');
    const page = await c.inventory.listNodeHistory(node.uuid);
    expect(page.items).toHaveLength(1);
    const [event] = page.items;
    expect(event).toMatchObject({
      nodeUuid: node.uuid,
      conductor: 'fields-1',
      eventType: 'verify',
      severity: 'ERROR',
    });
    expect(event?.event).toMatch(/fake_power_fail/);
    expect(await c.inventory.getNodeHistoryEvent(node.uuid, event!.uuid)).toEqual(event);
    await c.rpc.deleteNode({ node: 'h1' });
    expect((await c.inventory.listNodeHistory(node.uuid)).items).toEqual([]);
  });

  it("applies Ironic's protected and retired rules", async () => {
    const c = await start();
    await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'p1' } });
    // Ironic's InvalidState: a conflict with the node's state (409), not a bad request.
    await expect(c.rpc.updateNode({ node: 'p1', patch: { protected: true } })).rejects.toMatchObject({
      httpStatus: 409,
    });
    await expect(c.rpc.updateNode({ node: 'p1', patch: { protectedReason: 'why' } })).rejects.toMatchObject({
      httpStatus: 400,
    });
    await c.rpc.doProvisioningAction({ node: 'p1', verb: 'manage' });
    await state(c, 'p1', S.MANAGEABLE);
    await c.rpc.doProvisioningAction({ node: 'p1', verb: 'provide' });
    await state(c, 'p1', S.AVAILABLE);
    await expect(c.rpc.updateNode({ node: 'p1', patch: { retired: true } })).rejects.toMatchObject({
      httpStatus: 409,
    });
    await c.rpc.doProvisioningAction({ node: 'p1', verb: 'deploy' });
    await state(c, 'p1', S.ACTIVE);
    const prot = await c.rpc.updateNode({
      node: 'p1',
      patch: { protected: true, protectedReason: 'production' },
    });
    expect(prot).toMatchObject({ protected: true, protectedReason: 'production' });
    for (const verb of ['deleted', 'rebuild'] as const) {
      await expect(c.rpc.doProvisioningAction({ node: 'p1', verb })).rejects.toMatchObject({
        code: 'NodeProtected',
        httpStatus: 403,
      });
    }
    await c.rpc.setMaintenance({ node: 'p1', maintenance: true });
    await expect(c.rpc.deleteNode({ node: 'p1' })).rejects.toMatchObject({ code: 'NodeProtected' });
    await c.rpc.setMaintenance({ node: 'p1', maintenance: false });
    const unprot = await c.rpc.updateNode({ node: 'p1', patch: { protected: false } });
    expect(unprot).toMatchObject({ protected: false, protectedReason: null });

    // Retired: allowed while active; a retired node is cleaned back to manageable, never provided.
    const retired = await c.rpc.updateNode({ node: 'p1', patch: { retired: true, retiredReason: 'old' } });
    expect(retired).toMatchObject({ retired: true, retiredReason: 'old' });
    await c.rpc.doProvisioningAction({ node: 'p1', verb: 'deleted' });
    await state(c, 'p1', S.MANAGEABLE);
    await expect(c.rpc.doProvisioningAction({ node: 'p1', verb: 'provide' })).rejects.toMatchObject({
      code: 'NodeIsRetired',
    });
    const back = await c.rpc.updateNode({ node: 'p1', patch: { retired: false } });
    expect(back).toMatchObject({ retired: false, retiredReason: null });
  });

  it('stores lessee, network_data and filters by project', async () => {
    const c = await start();
    await c.rpc.createNode({
      node: {
        driver: 'fake-hardware',
        name: 'l1',
        owner: 'p-own',
        lessee: 'p-lease',
        networkData: { links: [] },
      },
    });
    await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'l2', owner: 'other' } });
    const l1 = await c.inventory.getNode('l1');
    expect(l1).toMatchObject({
      lessee: 'p-lease',
      networkData: { links: [] },
      retired: false,
      protected: false,
    });
    expect((await c.inventory.listNodes({ lessee: 'p-lease' })).items.map((n) => n.name)).toEqual(['l1']);
    expect((await c.inventory.listNodes({ project: 'p-own' })).items.map((n) => n.name)).toEqual(['l1']);
    expect((await c.inventory.listNodes({ project: 'p-lease' })).items.map((n) => n.name)).toEqual(['l1']);
    expect((await c.inventory.listNodes({ retired: false })).items).toHaveLength(2);
  });

  it('drives the console, target RAID config, NMI, indicators and VIFs through the interfaces', async () => {
    const c = await start();
    await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'x1', raidInterface: 'fake' } });
    expect(await c.rpc.getConsoleInformation({ node: 'x1' })).toEqual({ enabled: false, info: null });
    await c.rpc.setConsoleMode({ node: 'x1', enabled: true });
    const con = await c.rpc.getConsoleInformation({ node: 'x1' });
    expect(con.enabled).toBe(true);
    expect(con.info?.type).toBe('fake');
    expect((await c.inventory.getNode('x1')).consoleEnabled).toBe(true);

    const raid = { logical_disks: [{ size_gb: 100, raid_level: '1', is_root_volume: true }] };
    await c.rpc.setTargetRaidConfig({ node: 'x1', targetRaidConfig: raid });
    expect((await c.inventory.getNode('x1')).targetRaidConfig).toEqual(raid);
    await expect(
      c.rpc.setTargetRaidConfig({ node: 'x1', targetRaidConfig: { logical_disks: [{ size_gb: -1 }] } }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    // The RAID interface builds the target during (manual) cleaning; raidConfig shows what it built.
    expect((await c.inventory.getNode('x1')).properties.target_raid_config).toEqual(raid);
    await c.rpc.doProvisioningAction({ node: 'x1', verb: 'manage' });
    await state(c, 'x1', S.MANAGEABLE);
    await c.rpc.doProvisioningAction({
      node: 'x1',
      verb: 'clean',
      cleanSteps: [{ interface: 'raid', step: 'createConfiguration' }],
    });
    expect((await state(c, 'x1', S.MANAGEABLE)).raidConfig).toEqual(raid);
    await c.rpc.doProvisioningAction({
      node: 'x1',
      verb: 'clean',
      cleanSteps: [{ interface: 'raid', step: 'deleteConfiguration' }],
    });
    expect((await state(c, 'x1', S.MANAGEABLE)).raidConfig).toEqual({});
    await c.rpc.setTargetRaidConfig({ node: 'x1', targetRaidConfig: {} });
    expect((await c.inventory.getNode('x1')).properties.target_raid_config).toBeUndefined();

    await c.rpc.setBootMode({ node: 'x1', mode: 'bios' });
    await c.rpc.setSecureBootState({ node: 'x1', enabled: true });
    expect(await c.inventory.getNode('x1')).toMatchObject({ bootMode: 'bios', secureBoot: true });
    await c.rpc.injectNmi({ node: 'x1' });
    expect(await c.rpc.getSupportedIndicators({ node: 'x1' })).toEqual({
      system: { led: ['on', 'off', 'blinking'] },
    });
    await c.rpc.setIndicatorState({ node: 'x1', component: 'system', indicator: 'led', state: 'blinking' });
    expect(await c.rpc.getIndicatorState({ node: 'x1', component: 'system', indicator: 'led' })).toBe(
      'blinking',
    );
    await expect(
      c.rpc.getIndicatorState({ node: 'x1', component: 'disk', indicator: 'led' }),
    ).rejects.toMatchObject({ httpStatus: 400 });

    await c.rpc.vifAttach({ node: 'x1', vif: { id: 'vif-1' } });
    expect((await c.rpc.vifList({ node: 'x1' })).map((v) => v.id)).toEqual(['vif-1']);
    await c.rpc.vifDetach({ node: 'x1', vifId: 'vif-1' });
    expect(await c.rpc.vifList({ node: 'x1' })).toEqual([]);
    await expect(c.rpc.vifDetach({ node: 'x1', vifId: 'vif-1' })).rejects.toMatchObject({ httpStatus: 400 });
  });

  it('stores chassis, links nodes to existing chassis only and keeps non-empty chassis', async () => {
    const c = await start();
    const ch = await c.rpc.createChassis({ chassis: { description: 'rack 1', extra: { row: 'a' } } });
    expect(ch).toMatchObject({ description: 'rack 1', extra: { row: 'a' } });
    await expect(
      c.rpc.createNode({
        node: { driver: 'fake-hardware', chassisUuid: '00000000-0000-4000-8000-000000000000' },
      }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    const n = await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'c1', chassisUuid: ch.uuid } });
    expect(n.chassisUuid).toBe(ch.uuid);
    expect((await c.inventory.listNodes({ chassisUuid: ch.uuid })).items.map((x) => x.name)).toEqual(['c1']);
    await expect(c.rpc.deleteChassis({ chassis: ch.uuid })).rejects.toMatchObject({
      code: 'ChassisNotEmpty',
    });
    const upd = await c.rpc.updateChassis({ chassis: ch.uuid, patch: { description: null, extra: {} } });
    expect(upd).toMatchObject({ description: null, extra: {} });
    await c.rpc.updateNode({ node: 'c1', patch: { chassisUuid: null } });
    await c.rpc.deleteChassis({ chassis: ch.uuid });
    await expect(c.inventory.getChassis(ch.uuid)).rejects.toMatchObject({
      code: 'ChassisNotFound',
      httpStatus: 404,
    });
  });

  it('stores port groups with unique names and MACs and keeps ports on their node', async () => {
    const c = await start();
    const n1 = await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'pg-n1' } });
    const n2 = await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'pg-n2' } });
    const pg = await c.rpc.createPortgroup({
      portgroup: { nodeUuid: n1.uuid, name: 'bond0', address: '52:54:00:AA:00:01' },
    });
    expect(pg).toMatchObject({ name: 'bond0', address: '52:54:00:aa:00:01', mode: 'active-backup' });
    await expect(
      c.rpc.createPortgroup({ portgroup: { nodeUuid: n1.uuid, name: 'bond0' } }),
    ).rejects.toMatchObject({ httpStatus: 409 });
    await expect(
      c.rpc.createPortgroup({ portgroup: { nodeUuid: n2.uuid, address: '52:54:00:aa:00:01' } }),
    ).rejects.toMatchObject({ httpStatus: 409 });
    const port = await c.rpc.createPort({
      port: { nodeUuid: n1.uuid, address: '52:54:00:aa:00:02', portgroupUuid: 'bond0' },
    });
    expect(port.portgroupUuid).toBe(pg.uuid);
    await expect(
      c.rpc.createPort({ port: { nodeUuid: n2.uuid, address: '52:54:00:aa:00:03', portgroupUuid: pg.uuid } }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    await expect(c.rpc.deletePortgroup({ portgroup: 'bond0' })).rejects.toMatchObject({
      code: 'PortgroupNotEmpty',
    });
    await expect(
      c.rpc.updatePortgroup({ portgroup: 'bond0', patch: { nodeUuid: n2.uuid } }),
    ).rejects.toMatchObject({
      httpStatus: 400,
    });
    const upd = await c.rpc.updatePortgroup({
      portgroup: 'bond0',
      patch: { mode: '802.3ad', properties: { miimon: 100 } },
    });
    expect(upd).toMatchObject({ mode: '802.3ad', properties: { miimon: 100 } });
    await c.rpc.updatePort({ port: port.uuid, patch: { portgroupUuid: null } });
    await c.rpc.deletePortgroup({ portgroup: 'bond0' });
    await c.rpc.createPortgroup({ portgroup: { nodeUuid: n2.uuid, name: 'bond1' } });
    await c.rpc.deleteNode({ node: 'pg-n2' });
    expect((await c.inventory.listPortgroups()).items).toEqual([]);
  });

  it('applies deploy templates matching instance traits during deploy', async () => {
    const c = await start();
    const step = {
      interface: 'bios' as const,
      step: 'applyConfiguration',
      args: { settings: [{ name: 'HyperThreading', value: 'Disabled' }] },
      priority: 150,
    };
    await expect(
      c.rpc.createDeployTemplate({ template: { name: 'not-a-trait', steps: [step] } }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    await expect(
      c.rpc.createDeployTemplate({
        template: { name: 'CUSTOM_X', steps: [{ ...step, interface: 'console' as never }] },
      }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    const t = await c.rpc.createDeployTemplate({ template: { name: 'CUSTOM_NO_HT', steps: [step] } });
    await expect(
      c.rpc.createDeployTemplate({ template: { name: 'CUSTOM_NO_HT', steps: [step] } }),
    ).rejects.toMatchObject({ httpStatus: 409 });
    await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'dt1' } });
    await c.rpc.doProvisioningAction({ node: 'dt1', verb: 'manage' });
    await state(c, 'dt1', S.MANAGEABLE);
    await c.rpc.doProvisioningAction({ node: 'dt1', verb: 'provide' });
    await state(c, 'dt1', S.AVAILABLE);
    await c.rpc.updateNode({ node: 'dt1', patch: { instanceInfo: { traits: ['CUSTOM_NO_HT'] } } });
    await expect(c.rpc.doProvisioningAction({ node: 'dt1', verb: 'deploy' })).rejects.toMatchObject({
      httpStatus: 400,
    });
    await c.rpc.addNodeTraits({ node: 'dt1', traits: ['CUSTOM_NO_HT'] });
    await c.rpc.doProvisioningAction({ node: 'dt1', verb: 'deploy' });
    const active = await state(c, 'dt1', S.ACTIVE);
    expect(active.driverInternalInfo.fake_bios).toEqual({ HyperThreading: 'Disabled' });
    const renamed = await c.rpc.updateDeployTemplate({ template: t.uuid, patch: { name: 'CUSTOM_RENAMED' } });
    expect(renamed.name).toBe('CUSTOM_RENAMED');
    await c.rpc.deleteDeployTemplate({ template: 'CUSTOM_RENAMED' });
    expect((await c.inventory.listDeployTemplates()).items).toEqual([]);
  });

  it('allocates available nodes by resource class and traits, and releases them', async () => {
    const c = await start();
    for (const name of ['al1', 'al2']) {
      await c.rpc.createNode({ node: { driver: 'fake-hardware', name, resourceClass: 'gold' } });
      await c.rpc.doProvisioningAction({ node: name, verb: 'manage' });
      await state(c, name, S.MANAGEABLE);
      await c.rpc.doProvisioningAction({ node: name, verb: 'provide' });
      await state(c, name, S.AVAILABLE);
    }
    await c.rpc.addNodeTraits({ node: 'al2', traits: ['CUSTOM_GPU'] });
    const pending = await c.rpc.createAllocation({
      allocation: { name: 'a1', resourceClass: 'gold', traits: ['CUSTOM_GPU'] },
    });
    // Processed by a worker, as Ironic: the answer is the allocation before it found a node.
    expect(pending).toMatchObject({ state: 'allocating', nodeUuid: null, lastError: null });
    const a = await settledAllocation(c, pending.uuid);
    const al2 = await c.inventory.getNode('al2');
    expect(a).toMatchObject({ state: 'active', nodeUuid: al2.uuid, lastError: null });
    expect(al2).toMatchObject({
      allocationUuid: a.uuid,
      instanceUuid: a.uuid,
      instanceInfo: { traits: ['CUSTOM_GPU'] },
    });
    const none = await settledAllocation(
      c,
      (await c.rpc.createAllocation({ allocation: { resourceClass: 'gold', traits: ['CUSTOM_GPU'] } })).uuid,
    );
    expect(none.state).toBe('error');
    expect(none.lastError).toMatch(/No available nodes/);
    await expect(
      c.rpc.createAllocation({ allocation: { name: 'a1', resourceClass: 'gold' } }),
    ).rejects.toMatchObject({
      httpStatus: 409,
    });
    await c.rpc.doProvisioningAction({ node: 'al2', verb: 'deploy' });
    await state(c, 'al2', S.ACTIVE);
    await expect(c.rpc.deleteAllocation({ allocation: 'a1' })).rejects.toMatchObject({ httpStatus: 400 });
    await c.rpc.doProvisioningAction({ node: 'al2', verb: 'deleted' });
    const released = await state(c, 'al2', S.AVAILABLE);
    expect(released).toMatchObject({ allocationUuid: null, instanceUuid: null });
    await expect(c.inventory.getAllocation('a1')).rejects.toMatchObject({ httpStatus: 404 });

    const b = await settledAllocation(
      c,
      (await c.rpc.createAllocation({ allocation: { resourceClass: 'gold', candidateNodes: ['al1'] } })).uuid,
    );
    expect(b.nodeUuid).toBe((await c.inventory.getNode('al1')).uuid);
    await c.rpc.deleteAllocation({ allocation: b.uuid });
    expect(await c.inventory.getNode('al1')).toMatchObject({ allocationUuid: null, instanceUuid: null });
    const back = await c.rpc.createAllocation({ allocation: { node: 'al1' } });
    expect(back).toMatchObject({ state: 'active', resourceClass: 'gold' });
  });

  it('stores volume connectors and targets with Ironic uniqueness and power rules', async () => {
    const c = await start();
    const n = await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'vol1' } });
    const con = await c.rpc.createVolumeConnector({
      connector: { nodeUuid: n.uuid, type: 'iqn', connectorId: 'iqn.2024-01.x:1' },
    });
    await expect(
      c.rpc.createVolumeConnector({
        connector: { nodeUuid: n.uuid, type: 'iqn', connectorId: 'iqn.2024-01.x:1' },
      }),
    ).rejects.toMatchObject({ httpStatus: 409 });
    await expect(
      c.rpc.createVolumeConnector({ connector: { nodeUuid: n.uuid, type: 'bogus', connectorId: 'x' } }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    const t = await c.rpc.createVolumeTarget({
      target: { nodeUuid: n.uuid, volumeType: 'iscsi', bootIndex: 0, volumeId: 'v-1' },
    });
    await expect(
      c.rpc.createVolumeTarget({
        target: { nodeUuid: n.uuid, volumeType: 'iscsi', bootIndex: 0, volumeId: 'v-2' },
      }),
    ).rejects.toMatchObject({ httpStatus: 409 });
    // Power state unknown (never read): updates need the node powered off.
    await expect(c.rpc.updateVolumeTarget({ target: t.uuid, patch: { bootIndex: 1 } })).rejects.toMatchObject(
      { httpStatus: 400 },
    );
    await c.rpc.doProvisioningAction({ node: 'vol1', verb: 'manage' });
    await state(c, 'vol1', S.MANAGEABLE);
    expect((await c.rpc.updateVolumeTarget({ target: t.uuid, patch: { bootIndex: 1 } })).bootIndex).toBe(1);
    await c.rpc.deleteVolumeConnector({ connector: con.uuid });
    expect((await c.inventory.listVolumeConnectors(n.uuid)).items).toEqual([]);
    await c.rpc.deleteNode({ node: 'vol1' });
    expect((await c.inventory.listVolumeTargets()).items).toEqual([]);
  });

  it('issues the agent token once (get_node_with_token)', async () => {
    const c = await start();
    await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'a1' } });
    const first = await c.rpc.getNodeWithToken({ node: 'a1' });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.node.driverInternalInfo.agent_secret_token).toBe(first.token);
    const second = await c.rpc.getNodeWithToken({ node: 'a1' });
    expect(second.token).toBeNull();
  });
});
