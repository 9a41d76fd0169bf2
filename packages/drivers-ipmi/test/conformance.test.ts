import { DriverRegistry, validatePlugin } from '@ferric/core';
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

  it('marks the password secret and the address required', () => {
    const props = new IpmitoolPower().getProperties();
    expect(props.ipmi_password?.secret).toBe(true);
    expect(props.ipmi_address?.required).toBe(true);
  });
});
