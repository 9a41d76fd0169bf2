import { corePlugin, DriverFactory, DriverRegistry, loadPlugin } from '@ferric/core';
import { describeConformance } from '@ferric/core/testing';
import { describe, expect, it } from 'vitest';
import plugin, { REDFISH_PROPERTIES, RedfishHardware, RedfishPower } from '../src/index.js';

// Core quirk: the suite only registers its tests when awaited (its describe callback is async).
await describeConformance(RedfishHardware);

describe('redfish plugin', () => {
  it('is the default export and registers the hardware type and every redfish interface', () => {
    expect(plugin.$$type).toBe('@ferric/plugin');
    expect(Object.keys(plugin.hardwareTypes)).toEqual(['redfish']);
    expect(Object.keys(plugin.interfaces).sort()).toEqual([
      'bios',
      'firmware',
      'inspect',
      'management',
      'power',
      'raid',
      'vendor',
    ]);
  });

  it('loads by module specifier', async () => {
    const loaded = await loadPlugin('@ferric/drivers-redfish');
    expect(loaded.name).toBe('@ferric/drivers-redfish');
  });

  it('composes a usable driver with only core and this package installed', () => {
    const registry = new DriverRegistry().use(corePlugin).use(plugin);
    const factory = new DriverFactory(registry);
    const driver = factory.buildDriver({ driver: 'redfish', driverInfo: {} } as never);
    expect(driver.power).toBeInstanceOf(RedfishPower);
    expect(driver.boot.constructor.name).toBe('FakeBoot');
    expect(driver.deploy.constructor.name).toBe('NoopDeploy');
    expect(driver.inspect.constructor.name).toBe('RedfishInspect');
    expect(driver.bios.constructor.name).toBe('RedfishBIOS');
    expect(driver.raid.constructor.name).toBe('RedfishRAID');
    expect(driver.firmware.constructor.name).toBe('RedfishFirmware');
    expect(driver.vendor.constructor.name).toBe('RedfishVendor');
    expect(driver.network.constructor.name).toBe('NoopNetwork');
  });

  it('marks the password secret and describes every key', () => {
    expect(REDFISH_PROPERTIES.redfish_password?.secret).toBe(true);
    expect(REDFISH_PROPERTIES.redfish_address?.required).toBe(true);
    expect(new RedfishHardware().getProperties()).toMatchObject({ redfish_address: { required: true } });
  });
});
