import {
  AbstractHardwareType,
  FakeBoot,
  FakeDeploy,
  FakeHardware,
  FakeManagement,
  ManualManagementHardware,
  PowerInterface,
  type PowerStateValue,
  periodic,
} from '@ferric/core';
import { assertConformance, checkConformance, describeConformance } from '@ferric/core/testing';
import { describe, expect, it } from 'vitest';

await describeConformance(FakeHardware);
await describeConformance(ManualManagementHardware);

/** A driver that gets everything wrong that the suite checks. */
class SloppyPower extends PowerInterface {
  getProperties() {
    return { sloppy_address: { description: 'Address.', required: true }, sloppy_port: { description: '' } };
  }
  validate() {
    // Forgets to check sloppy_address.
  }
  async getPowerState(): Promise<PowerStateValue> {
    return null;
  }
  async setPowerState() {}
  async reboot() {}
  @periodic({ spacing: () => -5 })
  async poll() {}
}

class BrokenHardware extends AbstractHardwareType {
  readonly supportedBootInterfaces = [FakeBoot];
  readonly supportedDeployInterfaces = [];
  readonly supportedManagementInterfaces = [FakeManagement];
  readonly supportedPowerInterfaces = [SloppyPower, FakeDeploy as never];
}

describe('conformance suite', () => {
  it('passes for fake-hardware', async () => {
    const report = await checkConformance(FakeHardware);
    expect(report.failures).toEqual([]);
    expect(report.checks.map((c) => c.name)).toContain('passthru-routes-unique');
  });

  it('fails a broken driver, naming every problem', async () => {
    const report = await checkConformance(BrokenHardware);
    expect(report.ok).toBe(false);
    const failed = Object.fromEntries(report.failures.map((f) => [f.name, f.message]));
    expect(failed['required-interfaces']).toMatch(/BrokenHardware lists no deploy interface/);
    expect(failed['interface-types']).toMatch(
      /FakeDeploy is listed as a power interface of BrokenHardware but implements 'deploy'/,
    );
    expect(failed['properties-described']).toMatch(
      /SloppyPower.getProperties\(\).sloppy_port has no description/,
    );
    expect(failed['validate-missing:power:SloppyPower']).toMatch(
      /accepted a node without its required driver_info \(sloppy_address\)/,
    );
    expect(failed['periodics-valid']).toMatch(/SloppyPower.poll has an invalid spacing -5/);
    await expect(assertConformance(BrokenHardware)).rejects.toThrow(
      /BrokenHardware fails the Ferric driver conformance suite/,
    );
  });
});
