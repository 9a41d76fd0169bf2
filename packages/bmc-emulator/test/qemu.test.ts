/**
 * The QEMU/QMP backend against a real qemu-system-x86_64 (TCG, no guest OS needed: the firmware
 * runs and finds nothing to boot). Skipped, with the reason, when QEMU is not installed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, QemuMachine, startFleet } from '../src/index.js';
import { client, imageServer } from './helpers.js';

const run = promisify(execFile);
let missing: string | undefined;
try {
  await run('qemu-system-x86_64', ['--version'], { timeout: 20_000 });
} catch (e) {
  missing = e instanceof Error ? e.message.split('\n')[0] : String(e);
  console.warn(
    `SKIP QEMU backend checks: qemu-system-x86_64 unavailable (${missing}); apt-get install qemu-system-x86`,
  );
}

describe.skipIf(missing !== undefined)('QEMU backend over QMP', () => {
  let fleet: Fleet;
  let images: Awaited<ReturnType<typeof imageServer>>;
  beforeAll(async () => {
    images = await imageServer({ '/live.iso': Buffer.alloc(2 * 1024 * 1024, 0) });
    fleet = await startFleet({ count: 1, backend: QemuMachine.factory({ memoryMiB: 64 }) });
  }, 60_000);
  afterAll(async () => {
    await fleet?.close();
    await images?.close();
  });

  it('maps Redfish power, boot override and virtual media onto QMP', { timeout: 60_000 }, async () => {
    const bmc = fleet.bmcs[0]!;
    const qemu = bmc.machine as QemuMachine;
    const c = client(bmc);
    const reset = (ResetType: string) =>
      c.post(`${bmc.systemPath}/Actions/ComputerSystem.Reset`, { ResetType });
    const power = async () => (await c.get(bmc.systemPath)).body.PowerState;
    const bootindex = (id: string) =>
      qemu.qmp.execute<number>('qom-get', { path: `/machine/peripheral/${id}`, property: 'bootindex' });

    expect(await power()).toBe('Off');
    expect((await qemu.qmp.execute<{ status: string }>('query-status')).status).toBe('prelaunch');

    await c.patch(bmc.systemPath, {
      Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' },
    });
    expect((await reset('On')).status).toBe(204);
    expect(await power()).toBe('On');
    expect(await bootindex('nic0')).toBe(0);
    expect(await bootindex('cdrom0')).toBeGreaterThan(0);

    const cd = `/redfish/v1/Managers/${bmc.managerId}/VirtualMedia/Cd`;
    expect(
      (await c.post(`${cd}/Actions/VirtualMedia.InsertMedia`, { Image: `${images.url}/live.iso` })).status,
    ).toBe(204);
    const blocks =
      await qemu.qmp.execute<{ device: string; qdev?: string; inserted?: { file: string } }[]>('query-block');
    const cdrom = blocks.find((b) => b.qdev?.includes('cdrom0'));
    expect(cdrom?.inserted?.file).toMatch(/live\.iso$/);

    await c.patch(bmc.systemPath, {
      Boot: { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once' },
    });
    expect((await reset('ForceRestart')).status).toBe(204);
    expect(await bootindex('cdrom0')).toBe(0);
    expect(await power()).toBe('On');

    expect((await reset('Nmi')).status).toBe(204);
    expect((await c.post(`${cd}/Actions/VirtualMedia.EjectMedia`, {})).status).toBe(204);
    const after = await qemu.qmp.execute<{ qdev?: string; inserted?: unknown }[]>('query-block');
    expect(after.find((b) => b.qdev?.includes('cdrom0'))?.inserted).toBeUndefined();

    expect((await reset('ForceOff')).status).toBe(204);
    expect(await power()).toBe('Off');
    expect((await reset('On')).status).toBe(204);
    expect(await power()).toBe('On');
    // No guest OS answers ACPI, so GracefulShutdown is accepted but the machine stays on — as with a hung OS.
    expect((await reset('GracefulShutdown')).status).toBe(204);
  });
});
