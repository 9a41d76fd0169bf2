import { afterEach, describe, expect, it } from 'vitest';
import { type Fleet, type FleetOptions, SimulatedMachine, startFleet } from '../src/index.js';
import { client, until } from './helpers.js';

let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

async function one(options: FleetOptions = {}) {
  fleet = await startFleet({ count: 1, ...options });
  const bmc = fleet.bmcs[0]!;
  const c = client(bmc);
  const reset = (ResetType: string) =>
    c.post(`${bmc.systemPath}/Actions/ComputerSystem.Reset`, { ResetType });
  const power = async () => (await c.get(bmc.systemPath)).body.PowerState as string;
  return { bmc, c, reset, power, machine: bmc.machine as SimulatedMachine };
}

describe('ComputerSystem power', () => {
  it('implements every ResetType', async () => {
    const { bmc, c, reset, power, machine } = await one();
    const sys = (await c.get(bmc.systemPath)).body;
    expect(sys.Actions['#ComputerSystem.Reset']['ResetType@Redfish.AllowableValues']).toEqual([
      'On',
      'ForceOff',
      'GracefulShutdown',
      'GracefulRestart',
      'ForceRestart',
      'Nmi',
      'ForceOn',
      'PushPowerButton',
      'PowerCycle',
    ]);
    const info = await c.get(sys.Actions['#ComputerSystem.Reset']['@Redfish.ActionInfo']);
    expect(info.body.Parameters[0].AllowableValues).toContain('PowerCycle');
    expect(await power()).toBe('Off');
    expect((await reset('Nmi')).status).toBe(409);
    expect((await reset('On')).status).toBe(204);
    expect(await power()).toBe('On');
    expect((await reset('Nmi')).status).toBe(204);
    expect((await reset('GracefulShutdown')).status).toBe(204);
    expect(await power()).toBe('Off');
    expect((await reset('ForceOn')).status).toBe(204);
    expect((await reset('ForceRestart')).status).toBe(204);
    expect((await reset('GracefulRestart')).status).toBe(204);
    expect(await power()).toBe('On');
    expect((await reset('PowerCycle')).status).toBe(204);
    expect(await power()).toBe('On');
    expect((await reset('ForceOff')).status).toBe(204);
    expect(await power()).toBe('Off');
    expect((await reset('PushPowerButton')).status).toBe(204);
    expect(await power()).toBe('On');
    expect((await reset('PushPowerButton')).status).toBe(204);
    expect(await power()).toBe('Off');
    expect(machine.events.map((e) => e.kind)).toEqual([
      'power-on',
      'nmi',
      'power-off',
      'power-on',
      'reboot',
      'reboot',
      'power-off',
      'power-on',
      'power-off',
      'power-on',
      'power-off',
    ]);
    const bad = await reset('Explode');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('Base.1.8.ActionParameterValueNotInList');
    const missing = await c.post(`${bmc.systemPath}/Actions/ComputerSystem.Reset`, {});
    expect(missing.body.error.code).toBe('Base.1.8.ActionParameterMissing');
  });

  it('lands power changes only after the configured delay', async () => {
    const { reset, power } = await one({ powerDelayMs: 1000 });
    expect((await reset('On')).status).toBe(204);
    expect(await power()).toBe('Off');
    await until(async () => (await power()) === 'On');
    await reset('ForceOff');
    expect(await power()).toBe('On');
    await until(async () => (await power()) === 'Off');
  });

  it('reports PoweringOn during a transition when the backend is asked to', async () => {
    const { reset, power } = await one({
      powerDelayMs: 200,
      backend: SimulatedMachine.factory({ reportTransitions: true }),
    });
    await reset('On');
    expect(await power()).toBe('PoweringOn');
    await until(async () => (await power()) === 'On');
  });
});

describe('Boot override', () => {
  it('sets target, Once/Continuous and mode, validates values and consumes Once at boot', async () => {
    const { bmc, c, reset, machine } = await one();
    const boot = (await c.get(bmc.systemPath)).body.Boot;
    expect(boot['BootSourceOverrideTarget@Redfish.AllowableValues']).toEqual(
      expect.arrayContaining(['Pxe', 'Cd', 'Hdd']),
    );
    expect(boot['BootSourceOverrideMode@Redfish.AllowableValues']).toEqual(['UEFI', 'Legacy']);
    let r = await c.patch(bmc.systemPath, {
      Boot: {
        BootSourceOverrideTarget: 'Pxe',
        BootSourceOverrideEnabled: 'Once',
        BootSourceOverrideMode: 'Legacy',
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.Boot).toMatchObject({
      BootSourceOverrideTarget: 'Pxe',
      BootSourceOverrideEnabled: 'Once',
      BootSourceOverrideMode: 'Legacy',
    });
    await reset('On');
    expect(machine.boots.at(-1)).toEqual({ device: 'Pxe', mode: 'Legacy', secureBoot: false });
    expect((await c.get(bmc.systemPath)).body.Boot.BootSourceOverrideEnabled).toBe('Disabled');
    await reset('ForceRestart');
    expect(machine.boots.at(-1)?.device).toBe('None');

    r = await c.patch(bmc.systemPath, {
      Boot: { BootSourceOverrideTarget: 'Hdd', BootSourceOverrideEnabled: 'Continuous' },
    });
    await reset('ForceRestart');
    await reset('ForceRestart');
    expect(machine.boots.slice(-2).map((b) => b.device)).toEqual(['Hdd', 'Hdd']);

    const invalid = await c.patch(bmc.systemPath, { Boot: { BootSourceOverrideTarget: 'Floppy9' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('Base.1.8.PropertyValueNotInList');
    expect((await c.patch(bmc.systemPath, { Boot: { BootSourceOverrideEnabled: 'Always' } })).status).toBe(
      400,
    );
    expect((await c.patch(bmc.systemPath, { Boot: { Bogus: 1 } })).status).toBe(400);
  });
});

describe('BIOS', () => {
  it('keeps pending settings in Bios/Settings and applies them at the next reset', async () => {
    const { bmc, c, reset } = await one({ initialPower: 'On' });
    const bios = (await c.get(`${bmc.systemPath}/Bios`)).body;
    expect(bios.Attributes.ProcVirtualization).toBe('Enabled');
    const settingsUri = bios['@Redfish.Settings'].SettingsObject['@odata.id'];
    expect(settingsUri).toBe(`${bmc.systemPath}/Bios/Settings`);
    const r = await c.patch(settingsUri, {
      Attributes: { ProcVirtualization: 'Disabled', ProcCoreDisable: 2 },
    });
    expect(r.status).toBe(200);
    expect((await c.get(settingsUri)).body.Attributes).toEqual({
      ProcVirtualization: 'Disabled',
      ProcCoreDisable: 2,
    });
    expect((await c.get(`${bmc.systemPath}/Bios`)).body.Attributes.ProcVirtualization).toBe('Enabled');
    await reset('ForceRestart');
    const after = (await c.get(`${bmc.systemPath}/Bios`)).body;
    expect(after.Attributes).toMatchObject({ ProcVirtualization: 'Disabled', ProcCoreDisable: 2 });
    expect(after['@Redfish.Settings'].Time).toBeTypeOf('string');
    expect((await c.get(settingsUri)).body.Attributes).toEqual({});

    expect((await c.patch(settingsUri, { Attributes: { Nope: 1 } })).body.error.code).toBe(
      'Base.1.8.PropertyUnknown',
    );
    expect((await c.patch(settingsUri, { Attributes: { ProcTurboMode: 'Maybe' } })).body.error.code).toBe(
      'Base.1.8.PropertyValueNotInList',
    );
    expect((await c.patch(settingsUri, { Attributes: { NumLock: 'yes' } })).body.error.code).toBe(
      'Base.1.8.PropertyValueTypeError',
    );
    expect((await c.patch(settingsUri, { Attributes: { SystemServiceTag: 'x' } })).status).toBe(400);
    expect((await c.patch(`${bmc.systemPath}/Bios`, { Attributes: {} })).status).toBe(405);

    expect((await c.post(`${bmc.systemPath}/Bios/Actions/Bios.ResetBios`, {})).status).toBe(204);
    await reset('ForceRestart');
    expect((await c.get(`${bmc.systemPath}/Bios`)).body.Attributes.ProcVirtualization).toBe('Enabled');
    const file = await c.get(`/redfish/v1/Registries/${bios.AttributeRegistry}`);
    const registry = await c.get(file.body.Location[0].Uri);
    expect(registry.body.Id).toBe(bios.AttributeRegistry);
    expect(registry.body.RegistryEntries.Attributes.length).toBeGreaterThan(5);
  });
});

describe('Inventory', () => {
  it('exposes processors, memory and NICs with deterministic MACs', async () => {
    const { bmc, c } = await one({
      firstIndex: 258,
      hardware: { cpus: 1, coresPerCpu: 4, dimms: 2, nics: 3 },
    });
    expect(bmc.macs).toEqual(['52:54:00:01:02:00', '52:54:00:01:02:01', '52:54:00:01:02:02']);
    const sys = (await c.get(bmc.systemPath)).body;
    expect(sys.ProcessorSummary).toMatchObject({ Count: 1, CoreCount: 4, LogicalProcessorCount: 8 });
    expect(sys.MemorySummary.TotalSystemMemoryGiB).toBe(16);
    const cpus = (await c.get(sys.Processors['@odata.id'])).body;
    expect(cpus['Members@odata.count']).toBe(1);
    const cpu = (await c.get(cpus.Members[0]['@odata.id'])).body;
    expect(cpu).toMatchObject({
      TotalCores: 4,
      TotalThreads: 8,
      InstructionSet: 'x86-64',
      ProcessorArchitecture: 'x86',
    });
    const dimms = (await c.get(sys.Memory['@odata.id'])).body;
    expect(dimms.Members).toHaveLength(2);
    expect((await c.get(dimms.Members[1]['@odata.id'])).body.CapacityMiB).toBe(8192);
    const nics = (await c.get(sys.EthernetInterfaces['@odata.id'])).body;
    const macs = await Promise.all(
      nics.Members.map(async (m: { '@odata.id': string }) => (await c.get(m['@odata.id'])).body.MACAddress),
    );
    expect(macs).toEqual(bmc.macs);
  });

  it('creates and deletes RAID volumes on the storage controller', async () => {
    const { bmc, c } = await one();
    const storage = (await c.get(`${bmc.systemPath}/Storage`)).body;
    const ctrl = (await c.get(storage.Members[0]['@odata.id'])).body;
    expect(ctrl.StorageControllers[0].SupportedRAIDTypes).toContain('RAID1');
    expect(ctrl.Drives).toHaveLength(4);
    const drive = (await c.get(ctrl.Drives[0]['@odata.id'])).body;
    expect(drive).toMatchObject({ MediaType: 'SSD', CapacityBytes: 480_103_981_056 });
    const volumes = ctrl.Volumes['@odata.id'];
    const created = await c.post(volumes, {
      RAIDType: 'RAID1',
      Name: 'root',
      Links: { Drives: [ctrl.Drives[0], ctrl.Drives[1]] },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(created.body).toMatchObject({
      RAIDType: 'RAID1',
      VolumeType: 'Mirrored',
      CapacityBytes: 480_103_981_056,
    });
    expect((await c.get(volumes)).body.Members).toEqual([{ '@odata.id': location }]);
    expect((await c.get(ctrl.Drives[0]['@odata.id'])).body.Links.Volumes).toEqual([
      { '@odata.id': location },
    ]);
    const tooFew = await c.post(volumes, { RAIDType: 'RAID5', Links: { Drives: [ctrl.Drives[2]] } });
    expect(tooFew.status).toBe(400);
    const tooBig = await c.post(volumes, {
      RAIDType: 'RAID0',
      CapacityBytes: 1e15,
      Links: { Drives: [ctrl.Drives[2], ctrl.Drives[3]] },
    });
    expect(tooBig.status).toBe(400);
    expect((await c.delete(location)).status).toBe(204);
    expect((await c.get(location)).status).toBe(404);
    expect((await c.delete(location)).status).toBe(404);
  });

  it('enables Secure Boot (UEFI only), in force from the next boot', async () => {
    const { bmc, c, reset } = await one();
    const uri = `${bmc.systemPath}/SecureBoot`;
    expect((await c.get(uri)).body).toMatchObject({
      SecureBootEnable: false,
      SecureBootCurrentBoot: 'Disabled',
    });
    expect((await c.patch(uri, { SecureBootEnable: true })).body.SecureBootEnable).toBe(true);
    expect((await c.get(uri)).body.SecureBootCurrentBoot).toBe('Disabled');
    await reset('On');
    expect((await c.get(uri)).body.SecureBootCurrentBoot).toBe('Enabled');
    await c.patch(uri, { SecureBootEnable: false });
    await c.patch(bmc.systemPath, { Boot: { BootSourceOverrideMode: 'Legacy' } });
    expect((await c.patch(uri, { SecureBootEnable: true })).status).toBe(409);
    expect(
      (await c.post(`${uri}/Actions/SecureBoot.ResetKeys`, { ResetKeysType: 'DeleteAllKeys' })).status,
    ).toBe(204);
    expect((await c.get(uri)).body.SecureBootMode).toBe('SetupMode');
  });

  it('exposes a Manager and a Chassis linked to the system, with indicator LED', async () => {
    const { bmc, c } = await one();
    const sys = (await c.get(bmc.systemPath)).body;
    const manager = (await c.get(sys.Links.ManagedBy[0]['@odata.id'])).body;
    expect(manager).toMatchObject({ Id: bmc.managerId, ManagerType: 'BMC' });
    expect(manager.Links.ManagerForServers).toEqual([{ '@odata.id': bmc.systemPath }]);
    const chassis = (await c.get(sys.Links.Chassis[0]['@odata.id'])).body;
    expect(chassis.Links.ComputerSystems).toEqual([{ '@odata.id': bmc.systemPath }]);
    await c.patch(chassis['@odata.id'], { IndicatorLED: 'Blinking' });
    expect((await c.get(bmc.systemPath)).body.IndicatorLED).toBe('Blinking');
    const token = (
      await c.post('/redfish/v1/SessionService/Sessions', { UserName: 'admin', Password: 'password' })
    ).headers.get('x-auth-token')!;
    expect(
      (await c.post(manager.Actions['#Manager.Reset'].target, { ResetType: 'GracefulRestart' })).status,
    ).toBe(204);
    expect((await client(bmc, token).get(bmc.systemPath)).status).toBe(401);
  });
});

describe('power requests during a transition', () => {
  it('ends off when ForceOff follows On before the power-on landed, and HEAD works', async () => {
    const { bmc, c, reset, power, machine } = await one({ powerDelayMs: 1500 });
    await reset('On');
    expect(machine.pendingPowerState()).toBe('On');
    await reset('ForceOff');
    expect(machine.pendingPowerState()).toBe('Off');
    await until(() => machine.pendingPowerState() === undefined);
    expect(await power()).toBe('Off');
    const head = await c.call('HEAD', bmc.systemPath);
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toMatch(/^"/);
  });
});
