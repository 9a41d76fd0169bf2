/**
 * Independent clients prove the emulator: Debian's python3-sushy (what Ironic uses) and DMTF's
 * redfishtool run against a live fleet. Skipped, with the reason, when a tool is not installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, type SimulatedMachine, startFleet } from '../src/index.js';
import { imageServer } from './helpers.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

async function available(cmd: string, args: string[]): Promise<string | undefined> {
  try {
    await run(cmd, args, { timeout: 20_000 });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
}

const sushyMissing = existsSync(PYTHON)
  ? await available(PYTHON, ['-c', 'import sushy'])
  : `${PYTHON} not found`;
const redfishtoolMissing = await available('redfishtool', ['-V']);
if (sushyMissing)
  console.warn(
    `SKIP sushy client checks: python3-sushy unavailable (${sushyMissing}); apt-get install python3-sushy`,
  );
if (redfishtoolMissing) {
  console.warn(
    `SKIP redfishtool client checks: redfishtool unavailable (${redfishtoolMissing}); apt-get install redfishtool`,
  );
}

let fleet: Fleet;
let images: Awaited<ReturnType<typeof imageServer>>;
beforeAll(async () => {
  images = await imageServer({
    '/boot.iso': Buffer.alloc(128 * 1024, 3),
    '/bios-4.5.6.bin': Buffer.alloc(32 * 1024, 9),
  });
  fleet = await startFleet({ count: 2, powerDelayMs: 100, updateStepMs: 50 });
});
afterAll(async () => {
  await fleet?.close();
  await images?.close();
});

describe.skipIf(sushyMissing !== undefined)('python3-sushy against the emulator', () => {
  it('reads root/systems/managers, resets, sets boot override, inserts/ejects media, sets BIOS', async () => {
    const bmc = fleet.bmcs[1]!;
    const script = resolve(import.meta.dirname, 'clients/sushy_check.py');
    const { stdout } = await run(
      PYTHON,
      [
        script,
        bmc.url,
        bmc.username,
        bmc.password,
        bmc.systemPath,
        `/redfish/v1/Managers/${bmc.managerId}`,
        `${images.url}/boot.iso`,
        `${images.url}/bios-4.5.6.bin`,
      ],
      { timeout: 60_000 },
    );
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      redfish_version: '1.15.0',
      systems: [bmc.systemPath],
      managers: [`/redfish/v1/Managers/${bmc.managerId}`],
      power_before: 'Off',
      power_after_on: 'On',
      boot: { target: 'Pxe', enabled: 'Once', mode: 'UEFI' },
      memory_gib: 32,
      macs: bmc.macs,
      drives: 4,
      media_inserted: { inserted: true, image: `${images.url}/boot.iso` },
      media_ejected: { inserted: false, image: null },
      bios_virtualization: 'Enabled',
      bios_registry: expect.arrayContaining(['ProcVirtualization', 'BootMode']),
      bios_pending: { ProcVirtualization: 'Disabled' },
      bios_after_reset: 'Disabled',
      power_after_off: 'Off',
      update_task_state: 'Completed',
      bios_version: '4.5.6',
    });
    expect(out.update_polls).toBeGreaterThan(0);
    expect(out.allowed_resets).toContain('ForceRestart');
    // What the BMC asked of the machine: power on (normal order), restart from PXE (the Once override).
    const machine = bmc.machine as SimulatedMachine;
    const boots = machine.events.filter((e) => e.kind === 'power-on' || e.kind === 'reboot');
    expect(boots.map((e) => [e.kind, e.detail.device])).toEqual([
      ['power-on', 'None'],
      ['reboot', 'Pxe'],
    ]);
    expect(machine.events.filter((e) => e.kind.endsWith('media')).map((e) => e.kind)).toEqual([
      'insert-media',
      'eject-media',
    ]);
  });
});

describe.skipIf(redfishtoolMissing !== undefined)('redfishtool against the emulator', () => {
  const rt = async (...args: string[]) => {
    const bmc = fleet.bmcs[0]!;
    const { stdout } = await run(
      'redfishtool',
      ['-r', bmc.url.replace('http://', ''), '-u', bmc.username, '-p', bmc.password, '-S', 'Never', ...args],
      { timeout: 30_000 },
    );
    return stdout;
  };
  const json = async (...args: string[]) => JSON.parse(await rt(...args));

  it('reads the service root, systems and managers with Basic and Session auth', async () => {
    const bmc = fleet.bmcs[0]!;
    expect((await json('-A', 'Basic', 'root')).RedfishVersion).toBe('1.15.0');
    const systems = await json('-A', 'Session', 'Systems', 'list');
    expect(systems.Members.map((m: { Id: string }) => m.Id)).toEqual([bmc.systemId]);
    const managers = await json('-A', 'Basic', 'Managers', 'list');
    expect(managers.Members.map((m: { Id: string }) => m.Id)).toEqual([bmc.managerId]);
    const system = await json('-A', 'Basic', '-I', bmc.systemId, 'Systems', 'get');
    expect(system.UUID).toBe(bmc.system.uuid);
  });

  it('resets the system and sets a boot override', async () => {
    const bmc = fleet.bmcs[0]!;
    await rt('-A', 'Basic', '-I', bmc.systemId, 'Systems', 'reset', 'On');
    await expect.poll(async () => await bmc.system.powerState(), { timeout: 10_000 }).toBe('On');
    const power = await json('-A', 'Basic', '-I', bmc.systemId, 'Systems', '-P', 'PowerState', 'get');
    expect(power.PowerState).toBe('On');
    await rt('-A', 'Basic', '-I', bmc.systemId, 'Systems', 'setBootOverride', 'Continuous', 'Hdd');
    const boot = await json('-A', 'Basic', '-I', bmc.systemId, 'Systems', '-P', 'Boot', 'get');
    expect(boot.Boot).toMatchObject({
      BootSourceOverrideEnabled: 'Continuous',
      BootSourceOverrideTarget: 'Hdd',
    });
    await rt('-A', 'Session', '-I', bmc.systemId, 'Systems', 'reset', 'ForceOff');
    await expect.poll(async () => await bmc.system.powerState(), { timeout: 10_000 }).toBe('Off');
  });

  it('inserts and ejects virtual media, reads BIOS and sets pending settings', async () => {
    const bmc = fleet.bmcs[0]!;
    const cd = `/redfish/v1/Managers/${bmc.managerId}/VirtualMedia/Cd`;
    await rt(
      '-A',
      'Basic',
      'raw',
      'POST',
      `${cd}/Actions/VirtualMedia.InsertMedia`,
      '-d',
      JSON.stringify({ Image: `${images.url}/boot.iso` }),
    );
    expect(await json('-A', 'Basic', 'raw', 'GET', cd)).toMatchObject({
      Inserted: true,
      Image: `${images.url}/boot.iso`,
    });
    await rt('-A', 'Basic', 'raw', 'POST', `${cd}/Actions/VirtualMedia.EjectMedia`, '-d', '{}');
    expect((await json('-A', 'Basic', 'raw', 'GET', cd)).Inserted).toBe(false);
    const bios = await json('-A', 'Basic', 'raw', 'GET', `${bmc.systemPath}/Bios`);
    expect(bios.Attributes.ProcTurboMode).toBe('Enabled');
    await rt(
      '-A',
      'Basic',
      'raw',
      'PATCH',
      `${bmc.systemPath}/Bios/Settings`,
      '-d',
      JSON.stringify({ Attributes: { ProcTurboMode: 'Disabled' } }),
    );
    const pending = await json('-A', 'Basic', 'raw', 'GET', `${bmc.systemPath}/Bios/Settings`);
    expect(pending.Attributes).toEqual({ ProcTurboMode: 'Disabled' });
  });
});
