import { corePlugin, DriverFactory, DriverRegistry, validatePlugin } from '@ferric/core';
import { assertConformance, describeConformance } from '@ferric/core/testing';
import { describe, expect, it } from 'vitest';
import defaultExport, { IpmiHardware, IpmitoolManagement, IpmitoolPower, ipmiPlugin } from '../src/index.js';

await describeConformance(IpmiHardware);

describe('the @ferric/drivers-ipmi plugin', () => {
  it('passes the conformance suite as a whole', async () => {
    const report = await assertConformance(IpmiHardware);
    expect(report.ok).toBe(true);
  });

  it('registers Ironic names: hardware type ipmi, power and management ipmitool', () => {
    expect(defaultExport).toBe(ipmiPlugin);
    const plugin = validatePlugin(ipmiPlugin);
    expect(plugin.hardwareTypes).toEqual({ ipmi: IpmiHardware });
    expect(plugin.interfaces.power).toEqual({ ipmitool: IpmitoolPower });
    expect(plugin.interfaces.management).toEqual({ ipmitool: IpmitoolManagement });
    expect(() => new DriverRegistry().use(ipmiPlugin)).not.toThrow();
  });

  it('composes a usable driver with only core and this package installed (fake boot, noop deploy)', () => {
    const registry = new DriverRegistry().use(corePlugin).use(ipmiPlugin);
    const driver = new DriverFactory(registry).buildDriver({ driver: 'ipmi', driverInfo: {} } as never);
    expect(driver.power).toBeInstanceOf(IpmitoolPower);
    expect(driver.management).toBeInstanceOf(IpmitoolManagement);
    expect(driver.boot.constructor.name).toBe('FakeBoot');
    expect(driver.deploy.constructor.name).toBe('NoopDeploy');
  });

  it('marks the password secret and the address required', () => {
    const props = new IpmitoolPower().getProperties();
    expect(props.ipmi_password?.secret).toBe(true);
    expect(props.ipmi_address?.required).toBe(true);
  });
});
