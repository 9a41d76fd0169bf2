/**
 * The real `baremetal` CLI (Debian python3-ironicclient 5.0.1) against a running Ferric.
 * Skipped when the CLI is not installed (CI installs it with apt).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService, until } from './helpers.js';

const run = promisify(execFile);
const CLI = '/usr/bin/baremetal';
const hasCli = existsSync(CLI) && existsSync('/usr/bin/python3');

describe.skipIf(!hasCli)('real baremetal CLI against ferric', { timeout: 300_000 }, () => {
  let svc: TestService;
  let home: string;

  beforeAll(async () => {
    svc = await startTestService();
    home = mkdtempSync(join(tmpdir(), 'ferric-cli-home-'));
  });
  afterAll(async () => {
    await svc?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  async function bm(...args: string[]): Promise<string> {
    const { stdout } = await run('/usr/bin/python3', [CLI, ...args], {
      env: {
        PATH: '/usr/bin:/bin',
        HOME: home,
        XDG_CACHE_HOME: join(home, '.cache'),
        OS_ENDPOINT: svc.url,
        OS_AUTH_TYPE: 'none',
      },
      timeout: 120_000,
    });
    return stdout;
  }
  const json = async (...args: string[]) =>
    JSON.parse(await bm(...args, '-f', 'json')) as Record<string, unknown>;

  let uuid = '';
  let portUuid = '';

  it('creates, shows and lists a node', async () => {
    const node = await json(
      'node',
      'create',
      '--driver',
      'fake-hardware',
      '--name',
      'cli-node',
      '--driver-info',
      'fake_bmc_password=s3cr3t-pw',
      '--driver-info',
      'fake_bmc_address=10.1.1.1',
      '--property',
      'cpus=2',
      '--resource-class',
      'baremetal',
    );
    uuid = String(node.uuid);
    expect(node.provision_state).toBe('enroll');
    expect((node.driver_info as Record<string, string>).fake_bmc_password).toBe('******');
    const shown = await json('node', 'show', 'cli-node');
    expect(shown.uuid).toBe(uuid);
    expect(JSON.stringify(shown)).not.toContain('s3cr3t-pw');
    const list = JSON.parse(await bm('node', 'list', '-f', 'json')) as { UUID: string; Name: string }[];
    expect(list.map((n) => n.Name)).toContain('cli-node');
  });

  it('sets and unsets fields', async () => {
    await bm(
      'node',
      'set',
      'cli-node',
      '--extra',
      'rack=r1',
      '--property',
      'memory_mb=4096',
      '--description',
      'a node',
    );
    let n = await json('node', 'show', 'cli-node', '--fields', 'extra', 'properties', 'description');
    expect(n.extra).toEqual({ rack: 'r1' });
    expect((n.properties as Record<string, unknown>).memory_mb).toBe(4096);
    await bm('node', 'unset', 'cli-node', '--extra', 'rack', '--description');
    n = await json('node', 'show', 'cli-node', '--fields', 'extra', 'description');
    expect(n.extra).toEqual({});
    expect(n.description).toBeNull();
  });

  it('creates, lists and deletes ports', async () => {
    const port = await json('port', 'create', '52:54:00:12:34:56', '--node', uuid);
    portUuid = String(port.uuid);
    expect(port.address).toBe('52:54:00:12:34:56');
    const ports = JSON.parse(await bm('port', 'list', '--node', 'cli-node', '-f', 'json')) as {
      Address: string;
    }[];
    expect(ports.map((p) => p.Address)).toEqual(['52:54:00:12:34:56']);
  });

  it('powers on, off and reboots', async () => {
    await bm('node', 'power', 'on', 'cli-node');
    // Power actions are asynchronous (202): poll like clients do.
    for (
      let i = 0;
      i < 100 &&
      (await json('node', 'show', 'cli-node', '--fields', 'power_state')).power_state !== 'power on';
      i++
    );
    await bm('node', 'power', 'off', 'cli-node');
    let state = '';
    for (let i = 0; i < 100; i++) {
      state = String((await json('node', 'show', 'cli-node', '--fields', 'power_state')).power_state);
      if (state === 'power off') break;
    }
    expect(state).toBe('power off');
    await bm('node', 'reboot', 'cli-node');
    for (let i = 0; i < 100; i++) {
      state = String((await json('node', 'show', 'cli-node', '--fields', 'power_state')).power_state);
      if (state === 'power on') break;
    }
    expect(state).toBe('power on');
  });

  it('sets and shows the boot device', async () => {
    await bm('node', 'boot', 'device', 'set', 'cli-node', 'pxe', '--persistent');
    const dev = await json('node', 'boot', 'device', 'show', 'cli-node');
    expect(dev).toEqual({ boot_device: 'pxe', persistent: true });
    const supported = await json('node', 'boot', 'device', 'show', 'cli-node', '--supported');
    expect(supported.supported_boot_devices).toContain('pxe');
  });

  it('validates', async () => {
    const rows = JSON.parse(await bm('node', 'validate', 'cli-node', '-f', 'json')) as {
      Interface: string;
      Result: boolean;
    }[];
    expect(rows.find((r) => r.Interface === 'power')?.Result).toBe(true);
  });

  it('goes through the provisioning lifecycle with --wait', async () => {
    const state = async () =>
      String((await json('node', 'show', 'cli-node', '--fields', 'provision_state')).provision_state);
    await bm('node', 'manage', 'cli-node', '--wait', '60');
    expect(await state()).toBe('manageable');
    await bm('node', 'inspect', 'cli-node', '--wait', '60');
    expect(await state()).toBe('manageable');
    await bm('node', 'provide', 'cli-node', '--wait', '60');
    expect(await state()).toBe('available');
    await bm('node', 'deploy', 'cli-node', '--wait', '60');
    expect(await state()).toBe('active');
    await bm('node', 'rescue', 'cli-node', '--rescue-password', 'rescue-pw', '--wait', '60');
    expect(await state()).toBe('rescue');
    const rescued = await json('node', 'show', 'cli-node', '--fields', 'instance_info');
    expect(JSON.stringify(rescued)).not.toContain('rescue-pw');
    await bm('node', 'unrescue', 'cli-node', '--wait', '60');
    expect(await state()).toBe('active');
    await bm('node', 'undeploy', 'cli-node', '--wait', '60');
    expect(await state()).toBe('available');
  });

  it('sets and unsets maintenance', async () => {
    await bm('node', 'maintenance', 'set', 'cli-node', '--reason', 'disk swap');
    let n = await json('node', 'show', 'cli-node', '--fields', 'maintenance', 'maintenance_reason');
    expect(n).toEqual({ maintenance: true, maintenance_reason: 'disk swap' });
    await bm('node', 'maintenance', 'unset', 'cli-node');
    n = await json('node', 'show', 'cli-node', '--fields', 'maintenance', 'maintenance_reason');
    expect(n).toEqual({ maintenance: false, maintenance_reason: null });
  });

  it('lists and shows drivers and their properties', async () => {
    const drivers = JSON.parse(await bm('driver', 'list', '-f', 'json')) as {
      'Supported driver(s)': string;
    }[];
    expect(drivers.map((d) => d['Supported driver(s)'])).toContain('fake-hardware');
    const d = await json('driver', 'show', 'fake-hardware');
    expect(d.default_power_interface).toBe('fake');
    const props = JSON.parse(await bm('driver', 'property', 'list', 'fake-hardware', '-f', 'json')) as {
      Property: string;
    }[];
    expect(props.length).toBeGreaterThan(0);
  });

  it('lists conductors', async () => {
    const rows = JSON.parse(await bm('conductor', 'list', '-f', 'json')) as {
      Hostname: string;
      Alive: boolean;
    }[];
    expect(rows).toEqual([expect.objectContaining({ Hostname: svc.conductor.host, Alive: true })]);
  });

  it('negotiates with --os-baremetal-api-version latest', async () => {
    const out = await bm(
      '--os-baremetal-api-version',
      'latest',
      'node',
      'show',
      'cli-node',
      '-f',
      'json',
      '--fields',
      'uuid',
      'boot_mode',
    );
    // The conductor records boot_mode from the management interface during verify (manage).
    expect(JSON.parse(out)).toEqual({ uuid, boot_mode: 'uefi' });
  });

  it('adds, lists and removes traits', async () => {
    await bm('node', 'add', 'trait', 'cli-node', 'CUSTOM_GPU', 'HW_CPU_X86_AVX2');
    const list = async () =>
      (JSON.parse(await bm('node', 'trait', 'list', 'cli-node', '-f', 'json')) as { Traits: string }[]).map(
        (t) => t.Traits,
      );
    expect(await list()).toEqual(['CUSTOM_GPU', 'HW_CPU_X86_AVX2']);
    expect((await json('node', 'show', 'cli-node', '--fields', 'traits')).traits).toEqual([
      'CUSTOM_GPU',
      'HW_CPU_X86_AVX2',
    ]);
    await expect(bm('node', 'add', 'trait', 'cli-node', 'not_valid')).rejects.toThrow(/Invalid trait/);
    await bm('node', 'remove', 'trait', 'cli-node', 'CUSTOM_GPU');
    expect(await list()).toEqual(['HW_CPU_X86_AVX2']);
    await bm('node', 'remove', 'trait', 'cli-node', '--all');
    expect(await list()).toEqual([]);
  });

  it('shows the power state recorded by manage in node list', async () => {
    const n = await json('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-power');
    await bm('node', 'manage', 'cli-power', '--wait', '60');
    const rows = JSON.parse(await bm('node', 'list', '-f', 'json')) as {
      Name: string;
      'Power State': string | null;
    }[];
    expect(rows.find((r) => r.Name === 'cli-power')?.['Power State']).toBe('power off');
    await bm('node', 'delete', String(n.uuid));
  });

  it('lists and gets node history events', async () => {
    await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-hist');
    // The CLI would send "true" as a string; the fake power interface wants the boolean.
    await svc.conductor.rpc.updateNode({
      node: 'cli-hist',
      patch: { driverInfo: { fake_power_fail: true } },
    });
    await bm('node', 'manage', 'cli-hist');
    await until(async () => (await svc.conductor.inventory.getNode('cli-hist')).lastError);
    const rows = JSON.parse(await bm('node', 'history', 'list', 'cli-hist', '-f', 'json')) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Severity: 'ERROR' });
    const long = JSON.parse(
      await bm('node', 'history', 'list', 'cli-hist', '--long', '-f', 'json'),
    ) as Record<string, string>[];
    expect(long[0]).toMatchObject({ 'Event Origin Type': 'verify', Conductor: svc.conductor.host });
    const one = await json('node', 'history', 'get', 'cli-hist', String(rows[0]?.UUID));
    expect(one.severity).toBe('ERROR');
    expect(String(one.event)).toMatch(/fake_power_fail/);
    await bm('node', 'delete', 'cli-hist');
  });

  it('sets and unsets retired, lessee and description; a retired node is not provided', async () => {
    await bm('node', 'manage', 'cli-node', '--wait', '60');
    await bm(
      'node',
      'set',
      'cli-node',
      '--retired',
      '--retired-reason',
      'eol',
      '--lessee',
      'proj-1',
      '--description',
      'rack 7',
    );
    const fields = ['--fields', 'retired', 'retired_reason', 'lessee', 'description'];
    let n = await json('node', 'show', 'cli-node', ...fields);
    expect(n).toEqual({ retired: true, retired_reason: 'eol', lessee: 'proj-1', description: 'rack 7' });
    await expect(bm('node', 'provide', 'cli-node')).rejects.toThrow(/retired/);
    await bm('node', 'unset', 'cli-node', '--lessee', '--description');
    await bm('node', 'unset', 'cli-node', '--retired');
    n = await json('node', 'show', 'cli-node', ...fields);
    expect(n).toEqual({ retired: false, retired_reason: null, lessee: null, description: null });
    await bm('node', 'provide', 'cli-node', '--wait', '60');
  });

  it('attaches VIFs, injects an NMI and drives the console', async () => {
    await bm('node', 'vif', 'attach', 'cli-node', 'vif-1');
    const vifs = JSON.parse(await bm('node', 'vif', 'list', 'cli-node', '-f', 'json')) as { ID: string }[];
    expect(vifs.map((v) => v.ID)).toEqual(['vif-1']);
    await bm('node', 'vif', 'detach', 'cli-node', 'vif-1');
    await bm('node', 'inject', 'nmi', 'cli-node');
    await bm('node', 'console', 'enable', 'cli-node');
    const con = await json('node', 'console', 'show', 'cli-node');
    expect(con.console_enabled).toBe(true);
    await bm('node', 'console', 'disable', 'cli-node');
    expect((await json('node', 'console', 'show', 'cli-node')).console_enabled).toBe(false);
    const raid = { logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true }] };
    await bm(
      'node',
      'set',
      'cli-node',
      '--raid-interface',
      'fake',
      '--target-raid-config',
      JSON.stringify(raid),
    );
    expect(
      (await json('node', 'show', 'cli-node', '--fields', 'target_raid_config')).target_raid_config,
    ).toEqual(raid);
    await bm('node', 'boot', 'mode', 'set', 'cli-node', 'bios');
    expect((await json('node', 'show', 'cli-node', '--fields', 'boot_mode')).boot_mode).toBe('bios');
  });

  it('creates, lists, sets and deletes a chassis with a node in it', async () => {
    const ch = await json('chassis', 'create', '--description', 'rack 3', '--extra', 'row=c');
    expect(ch).toMatchObject({ description: 'rack 3', extra: { row: 'c' } });
    const rows = JSON.parse(await bm('chassis', 'list', '-f', 'json')) as { UUID: string }[];
    expect(rows.map((r) => r.UUID)).toContain(ch.uuid);
    await bm('chassis', 'set', String(ch.uuid), '--description', 'rack 4');
    expect((await json('chassis', 'show', String(ch.uuid))).description).toBe('rack 4');
    const n = await json('node', 'create', '--driver', 'fake-hardware', '--chassis-uuid', String(ch.uuid));
    expect(n.chassis_uuid).toBe(ch.uuid);
    const inChassis = JSON.parse(await bm('node', 'list', '--chassis', String(ch.uuid), '-f', 'json')) as {
      UUID: string;
    }[];
    expect(inChassis.map((r) => r.UUID)).toEqual([n.uuid]);
    await expect(bm('chassis', 'delete', String(ch.uuid))).rejects.toThrow(/contains nodes/);
    await bm('node', 'delete', String(n.uuid));
    await bm('chassis', 'delete', String(ch.uuid));
    expect(JSON.parse(await bm('chassis', 'list', '-f', 'json'))).toEqual([]);
  });

  it('creates, lists, shows and deletes a port group with a member port', async () => {
    const pg = await json(
      'port',
      'group',
      'create',
      '--node',
      uuid,
      '--name',
      'cli-bond',
      '--address',
      '52:54:00:ee:00:01',
      '--mode',
      '802.3ad',
    );
    expect(pg).toMatchObject({ name: 'cli-bond', node_uuid: uuid, mode: '802.3ad' });
    const rows = JSON.parse(await bm('port', 'group', 'list', '-f', 'json')) as { Name: string }[];
    expect(rows.map((r) => r.Name)).toContain('cli-bond');
    expect((await json('port', 'group', 'show', 'cli-bond')).address).toBe('52:54:00:ee:00:01');
    const port = await json(
      'port',
      'create',
      '52:54:00:ee:00:02',
      '--node',
      uuid,
      '--port-group',
      'cli-bond',
    );
    expect(port.portgroup_uuid).toBe(pg.uuid);
    await expect(bm('port', 'group', 'delete', 'cli-bond')).rejects.toThrow(/contains ports/);
    await bm('port', 'delete', String(port.uuid));
    await bm('port', 'group', 'delete', 'cli-bond');
    expect(JSON.parse(await bm('port', 'group', 'list', '-f', 'json'))).toEqual([]);
  });

  it('creates, lists, sets and deletes a deploy template', async () => {
    const steps = [{ interface: 'bios', step: 'applyConfiguration', args: { settings: [] }, priority: 10 }];
    const t = await json('deploy', 'template', 'create', 'CUSTOM_CLI', '--steps', JSON.stringify(steps));
    expect(t).toMatchObject({ name: 'CUSTOM_CLI', steps });
    const rows = JSON.parse(await bm('deploy', 'template', 'list', '-f', 'json')) as { Name: string }[];
    expect(rows.map((r) => r.Name)).toEqual(['CUSTOM_CLI']);
    await bm('deploy', 'template', 'set', 'CUSTOM_CLI', '--name', 'CUSTOM_CLI2');
    expect((await json('deploy', 'template', 'show', 'CUSTOM_CLI2')).uuid).toBe(t.uuid);
    await bm('deploy', 'template', 'delete', 'CUSTOM_CLI2');
    expect(JSON.parse(await bm('deploy', 'template', 'list', '-f', 'json'))).toEqual([]);
  });

  it('creates, lists and deletes an allocation', async () => {
    await bm('node', 'set', 'cli-node', '--resource-class', 'cli-rc');
    const a = await json(
      'allocation',
      'create',
      '--resource-class',
      'cli-rc',
      '--name',
      'cli-alloc',
      '--wait',
      '30',
    );
    expect(a).toMatchObject({ state: 'active', node_uuid: uuid });
    const rows = JSON.parse(await bm('allocation', 'list', '-f', 'json')) as {
      Name: string;
      State: string;
    }[];
    expect(rows).toEqual([expect.objectContaining({ Name: 'cli-alloc', State: 'active' })]);
    expect((await json('node', 'show', 'cli-node', '--fields', 'allocation_uuid')).allocation_uuid).toBe(
      a.uuid,
    );
    await bm('allocation', 'delete', 'cli-alloc');
    expect(
      (await json('node', 'show', 'cli-node', '--fields', 'allocation_uuid')).allocation_uuid,
    ).toBeNull();
  });

  it('creates, lists and deletes volume connectors and targets', async () => {
    const c = await json(
      'volume',
      'connector',
      'create',
      '--node',
      uuid,
      '--type',
      'iqn',
      '--connector-id',
      'iqn.2024-01.cli:1',
    );
    expect(c).toMatchObject({ type: 'iqn', node_uuid: uuid });
    const t = await json(
      'volume',
      'target',
      'create',
      '--node',
      uuid,
      '--type',
      'iscsi',
      '--boot-index',
      '0',
      '--volume-id',
      'vol-cli',
    );
    expect(t).toMatchObject({ volume_type: 'iscsi', boot_index: 0 });
    const cs = JSON.parse(await bm('volume', 'connector', 'list', '--node', uuid, '-f', 'json')) as {
      UUID: string;
    }[];
    expect(cs.map((r) => r.UUID)).toEqual([c.uuid]);
    const ts = JSON.parse(await bm('volume', 'target', 'list', '-f', 'json')) as { UUID: string }[];
    expect(ts.map((r) => r.UUID)).toEqual([t.uuid]);
    await bm('volume', 'target', 'delete', String(t.uuid));
    await bm('volume', 'connector', 'delete', String(c.uuid));
    expect(JSON.parse(await bm('volume', 'connector', 'list', '-f', 'json'))).toEqual([]);
  });

  it('deletes the port and the node', async () => {
    await bm('port', 'delete', portUuid);
    await bm('node', 'delete', 'cli-node');
    const list = JSON.parse(await bm('node', 'list', '-f', 'json')) as unknown[];
    expect(list).toEqual([]);
  });

  it('never logged a secret', () => {
    const all = svc.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain('s3cr3t-pw');
    expect(all).not.toContain('rescue-pw');
  });
});
