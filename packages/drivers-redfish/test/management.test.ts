import type { FleetBmc, SimulatedMachine } from '@ferric/bmc-emulator';
import { InvalidParameterValue } from '@ferric/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedfishError } from '../src/index.js';
import { fastSettings, fleet, redfishTask, stopAll } from './helpers.js';
import { imageServer } from './image-server.js';

describe('redfish management against the emulator', () => {
  let bmc: FleetBmc;
  beforeAll(async () => {
    fastSettings();
    bmc = (await fleet({ count: 1, firstIndex: 20 })).bmcs[0]!;
  });
  afterAll(stopAll);

  it('sets and reads the boot device, once and persistent', async () => {
    const task = redfishTask(bmc);
    const m = task.driver.management;
    expect(await m.getSupportedBootDevices(task)).toEqual(
      expect.arrayContaining(['pxe', 'disk', 'cdrom', 'bios', 'uefihttp']),
    );
    await m.setBootDevice(task, 'pxe');
    expect(await m.getBootDevice(task)).toEqual({ bootDevice: 'pxe', persistent: false });
    expect(bmc.system.boot).toMatchObject({ target: 'Pxe', enabled: 'Once' });
    await m.setBootDevice(task, 'disk', { persistent: true });
    expect(await m.getBootDevice(task)).toEqual({ bootDevice: 'disk', persistent: true });
    await expect(m.setBootDevice(task, 'wanboot')).rejects.toBeInstanceOf(InvalidParameterValue);
    // A Once override is consumed by the next boot.
    await m.setBootDevice(task, 'pxe');
    await task.driver.power.setPowerState(task, 'power on');
    expect((bmc.machine as SimulatedMachine).boots.at(-1)?.device).toBe('Pxe');
    await task.driver.power.setPowerState(task, 'power off');
  });

  it('changes boot mode and secure boot', async () => {
    const task = redfishTask(bmc);
    const m = task.driver.management;
    expect((await m.getSupportedBootModes(task)).sort()).toEqual(['bios', 'uefi']);
    expect(await m.getBootMode(task)).toBe('uefi');
    await m.setSecureBootState(task, true);
    expect(await m.getSecureBootState(task)).toBe(true);
    // The BMC refuses secure boot in Legacy mode: its message must surface.
    await m.setSecureBootState(task, false);
    await m.setBootMode(task, 'bios');
    expect(await m.getBootMode(task)).toBe('bios');
    const error = await m.setSecureBootState(task, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as RedfishError).messages.length).toBeGreaterThan(0);
    await m.setBootMode(task, 'uefi');
  });

  it('reads health, vendor, MACs and sensors; injects an NMI', async () => {
    const task = redfishTask(bmc);
    const m = task.driver.management;
    expect(await m.getNodeHealth(task)).toBe('OK');
    expect(await m.detectVendor(task)).toBe('Ferric');
    expect(await m.getMacAddresses(task)).toEqual(bmc.macs);
    expect(await m.getSensorsData(task)).toEqual({});
    await task.driver.power.setPowerState(task, 'power on');
    await m.injectNmi(task);
    expect((bmc.machine as SimulatedMachine).events.at(-1)?.kind).toBe('nmi');
    await task.driver.power.setPowerState(task, 'power off');
  });

  it('lists and sets indicators', async () => {
    const task = redfishTask(bmc);
    const m = task.driver.management;
    const indicators = await m.getSupportedIndicators(task);
    expect(indicators.system?.[bmc.systemId]).toEqual(['on', 'off', 'blinking']);
    expect(indicators.chassis?.[bmc.chassisId]).toBeDefined();
    await m.setIndicatorState(task, 'system', bmc.systemId, 'blinking');
    expect(await m.getIndicatorState(task, 'chassis', bmc.chassisId)).toBe('blinking');
    await m.setIndicatorState(task, 'chassis', bmc.chassisId, 'off');
    expect(await m.getIndicatorState(task, 'system', bmc.systemId)).toBe('off');
  });

  it('attaches, lists and detaches virtual media; eject_vmedia passthru', async () => {
    const images = await imageServer({
      '/boot.iso': Buffer.alloc(2048),
      '/other.iso': Buffer.alloc(1024),
      '/floppy.img': Buffer.alloc(512),
    });
    try {
      const task = redfishTask(bmc);
      const m = task.driver.management;
      await m.attachVirtualMedia(task, 'cdrom', `${images.url}/boot.iso`);
      expect(await m.getVirtualMedia(task)).toEqual(
        expect.arrayContaining([{ deviceType: 'cdrom', imageUrl: `${images.url}/boot.iso`, inserted: true }]),
      );
      // Re-attaching another image swaps it.
      await m.attachVirtualMedia(task, 'cdrom', `${images.url}/other.iso`);
      expect(bmc.system.media.get('Cd')?.image).toBe(`${images.url}/other.iso`);
      await m.attachVirtualMedia(task, 'floppy', `${images.url}/floppy.img`);
      await m.detachVirtualMedia(task, ['cdrom']);
      expect(bmc.system.media.get('Cd')?.inserted).toBe(false);
      expect(bmc.system.media.get('Floppy')?.inserted).toBe(true);
      await task.driver.vendor.validate(task, 'eject_vmedia', {});
      const route = task.driver.vendor.routes.node.get('eject_vmedia')!;
      await (task.driver.vendor as unknown as Record<string, (t: typeof task, a: object) => Promise<void>>)[
        route.functionName
      ]!(task, {});
      expect(bmc.system.media.get('Floppy')?.inserted).toBe(false);
      // An unreachable image is the BMC's error, with its message.
      const error = await m
        .attachVirtualMedia(task, 'cdrom', `${images.url}/missing.iso`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedfishError);
      expect((error as RedfishError).messages[0]?.messageId).toMatch(/ResourceAtUri/);
    } finally {
      await images.close();
    }
  });
});
