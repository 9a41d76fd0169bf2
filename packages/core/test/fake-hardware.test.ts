import { DriverOperationError, PowerState, UnsupportedDriverExtension } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { describe, expect, it } from 'vitest';

describe('fake-hardware behaves plausibly', () => {
  it('fake power remembers its state', async () => {
    const task = createTestTask();
    expect(await task.driver.power.getPowerState(task)).toBe(PowerState.OFF);
    await task.driver.power.setPowerState(task, PowerState.ON);
    expect(await task.driver.power.getPowerState(task)).toBe(PowerState.ON);
    await task.driver.power.setPowerState(task, PowerState.SOFT_POWER_OFF);
    expect(await task.driver.power.getPowerState(task)).toBe(PowerState.OFF);
    await task.driver.power.reboot(task);
    expect(task.node.driverInternalInfo.fake_power_state).toBe(PowerState.ON);
  });

  it('fake power can be made unreachable', async () => {
    const task = createTestTask({ driverInfo: { fake_power_fail: true } });
    await expect(task.driver.power.getPowerState(task)).rejects.toThrow(DriverOperationError);
  });

  it('fake management remembers the boot device', async () => {
    const task = createTestTask();
    await task.driver.management.setBootDevice(task, 'pxe', { persistent: true });
    expect(await task.driver.management.getBootDevice(task)).toEqual({ bootDevice: 'pxe', persistent: true });
    await expect(task.driver.management.setBootDevice(task, 'floppy')).rejects.toThrow(/not supported/);
  });

  it('fake deploy completes and powers the node on; tear down powers it off', async () => {
    const task = createTestTask({ provisionState: 'deploying' });
    expect(await task.driver.deploy.executeDeployStep(task, { step: 'deploy' })).toBeUndefined();
    expect(task.node.powerState).toBe(PowerState.ON);
    await task.driver.deploy.tearDown(task);
    expect(task.node.powerState).toBe(PowerState.OFF);
  });

  it('fake inspect fills the essential properties, keeping what was set', async () => {
    const task = createTestTask({ properties: { memory_mb: 1234 } });
    expect(await task.driver.inspect.inspectHardware(task)).toBe('manageable');
    expect(task.node.properties).toMatchObject({ memory_mb: 1234, cpu_arch: 'x86_64' });
    expect(task.node.properties.local_gb).toBeGreaterThan(0);
  });

  it('fake vendor passthru validates and runs', async () => {
    const task = createTestTask();
    expect(() => task.driver.vendor.validate(task, 'first_method', {})).toThrow(/needs parameter 'bar'/);
    expect(() => task.driver.vendor.validate(task, 'nope', {})).toThrow(/Unknown vendor method/);
    expect([...task.driver.vendor.routes.node.keys()].sort()).toEqual(['echo', 'first_method']);
  });

  it('no-* implementations answer UnsupportedDriverExtension', async () => {
    const task = createTestTask({ raidInterface: 'no-raid', rescueInterface: 'no-rescue' });
    await expect(task.driver.raid.createConfiguration(task)).rejects.toThrow(UnsupportedDriverExtension);
    expect(() => task.driver.raid.validate(task)).toThrow(/no-raid/);
    await expect(task.driver.rescue.rescue(task)).rejects.toThrow(UnsupportedDriverExtension);
  });

  it('processEvent drives the real state machine', async () => {
    const task = createTestTask();
    await task.processEvent('manage');
    expect(task.node).toMatchObject({ provisionState: 'verifying', targetProvisionState: 'manageable' });
    await task.processEvent('done');
    expect(task.node).toMatchObject({ provisionState: 'manageable', targetProvisionState: null });
    await expect(task.processEvent('deploy')).rejects.toThrow(
      /Can not transition from state 'manageable' on event 'deploy'/,
    );
  });
});
