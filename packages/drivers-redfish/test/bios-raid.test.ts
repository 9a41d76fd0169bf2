import type { FleetBmc } from '@ferric/bmc-emulator';
import { DriverOperationError, MissingParameterValue } from '@ferric/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIOS_SETTINGS_KEY, RAID_CONFIG_KEY, RedfishError } from '../src/index.js';
import { fastSettings, fleet, redfishTask, stopAll } from './helpers.js';

describe('redfish bios against the emulator', () => {
  let bmc: FleetBmc;
  beforeAll(async () => {
    fastSettings();
    bmc = (await fleet({ count: 1, firstIndex: 40, powerDelayMs: 100 })).bmcs[0]!;
  });
  afterAll(stopAll);

  it('caches, applies with a reboot (restoring power) and factory-resets, as steps', async () => {
    const task = redfishTask(bmc);
    const bios = task.driver.bios;
    await bios.cacheBiosSettings(task);
    const cached = task.node.driverInternalInfo[BIOS_SETTINGS_KEY] as Record<string, unknown>;
    const [name, value] =
      Object.entries(bmc.system.biosAttributes).find(([, v]) => typeof v === 'boolean') ?? [];
    expect(name).toBeDefined();
    expect(cached[name!]).toBe(value);

    const steps = await bios.getCleanSteps(task);
    expect(steps.map((s) => s.step).sort()).toEqual(['applyConfiguration', 'factoryReset']);
    expect(steps.every((s) => s.requiresRamdisk === false && s.priority === 0)).toBe(true);
    expect((await bios.getDeploySteps(task)).map((s) => s.step)).toEqual(['applyConfiguration']);

    await bios.executeCleanStep(task, {
      step: 'applyConfiguration',
      args: { settings: [{ name: name!, value: !value }] },
    });
    expect(bmc.system.biosAttributes[name!]).toBe(!value);
    expect((task.node.driverInternalInfo[BIOS_SETTINGS_KEY] as Record<string, unknown>)[name!]).toBe(!value);
    // The node was off: it is off again.
    expect(await bmc.machine.powerState()).toBe('Off');

    await bios.executeCleanStep(task, { step: 'factoryReset' });
    expect(bmc.system.biosAttributes[name!]).toBe(value);
  });

  it('surfaces the BMC refusing a setting', async () => {
    const task = redfishTask(bmc);
    const error = await task.driver.bios
      .applyConfiguration(task, [{ name: 'NoSuchAttribute', value: 'x' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as RedfishError).messages[0]?.messageId).toMatch(/PropertyUnknown/);
  });
});

describe('redfish raid against the emulator', () => {
  let bmc: FleetBmc;
  beforeAll(async () => {
    fastSettings();
    bmc = (await fleet({ count: 1, firstIndex: 41 })).bmcs[0]!;
  });
  afterAll(stopAll);

  it('creates the target configuration (root first) and deletes it', async () => {
    const task = redfishTask(
      bmc,
      {},
      {
        properties: {
          target_raid_config: {
            logical_disks: [
              { size_gb: 'MAX', raid_level: '1', disk_type: 'hdd', volume_name: 'data' },
              { size_gb: 100, raid_level: '1', is_root_volume: true, disk_type: 'ssd', volume_name: 'root' },
            ],
          },
        },
      },
    );
    task.driver.raid.validate(task);
    await task.driver.raid.executeCleanStep(task, { step: 'createConfiguration', args: {} });
    const volumes = [...bmc.system.volumes.values()];
    expect(volumes.map((v) => [v.name, v.raidType, v.drives.sort()])).toEqual([
      ['root', 'RAID1', ['Disk.0', 'Disk.1']],
      ['data', 'RAID1', ['Disk.2', 'Disk.3']],
    ]);
    expect(volumes[0]?.capacityBytes).toBe(100 * 1024 ** 3);
    const saved = task.node.driverInternalInfo[RAID_CONFIG_KEY] as {
      logical_disks: { physical_disks: string[] }[];
    };
    expect(saved.logical_disks).toHaveLength(2);

    // Re-running deletes the existing volumes first.
    await task.driver.raid.createConfiguration(task);
    expect(bmc.system.volumes.size).toBe(2);

    await task.driver.raid.executeCleanStep(task, { step: 'deleteConfiguration' });
    expect(bmc.system.volumes.size).toBe(0);
  });

  it('rejects impossible or missing targets clearly', async () => {
    const none = redfishTask(bmc);
    await expect(none.driver.raid.createConfiguration(none)).rejects.toBeInstanceOf(MissingParameterValue);
    const tooBig = redfishTask(
      bmc,
      {},
      {
        properties: { target_raid_config: { logical_disks: [{ size_gb: 100_000, raid_level: '5' }] } },
      },
    );
    await expect(tooBig.driver.raid.createConfiguration(tooBig)).rejects.toBeInstanceOf(DriverOperationError);
  });
});
