import {
  AbstractHardwareType,
  corePlugin,
  DriverFactory,
  DriverNotFound,
  DriverRegistry,
  definePlugin,
  FakeBoot,
  FakeDeploy,
  FakeManagement,
  FakePower,
  IncompatibleInterface,
  InterfaceNotEnabled,
  InterfaceNotFound,
  NoopManagement,
  NoValidDefaultForInterface,
  PowerInterface,
  type PowerStateValue,
} from '@ferric/core';
import { describe, expect, it } from 'vitest';

class AcmePower extends PowerInterface {
  getProperties() {
    return { acme_address: { description: 'BMC address.', required: true } };
  }
  validate() {}
  async getPowerState(): Promise<PowerStateValue> {
    return 'power on';
  }
  async setPowerState() {}
  async reboot() {}
}

class AcmeHardware extends AbstractHardwareType {
  readonly supportedBootInterfaces = ['ipxe', FakeBoot];
  readonly supportedDeployInterfaces = [FakeDeploy];
  readonly supportedManagementInterfaces = [NoopManagement, FakeManagement];
  readonly supportedPowerInterfaces = [AcmePower, FakePower];
}

const acme = definePlugin({
  name: 'acme',
  hardwareTypes: { acme: AcmeHardware },
  interfaces: { power: { 'acme-power': AcmePower } },
});

function factory(config: ConstructorParameters<typeof DriverFactory>[1] = {}) {
  return new DriverFactory(new DriverRegistry().use(corePlugin).use(acme), config);
}

describe('default interface selection (Ironic driver_factory rules)', () => {
  it('picks the first supported implementation that is enabled, in the hardware type order', () => {
    const f = factory();
    expect(f.defaultInterface('acme', 'power')).toBe('acme-power');
    expect(f.defaultInterface('acme', 'management')).toBe('noop');
    // 'ipxe' is preferred but not registered: the next one wins.
    expect(f.defaultInterface('acme', 'boot')).toBe('fake');
    expect(f.defaultInterface('acme', 'raid')).toBe('no-raid');
  });

  it('skips implementations that are not enabled', () => {
    const f = factory({ enabledPowerInterfaces: ['fake'], enabledManagementInterfaces: ['fake'] });
    expect(f.defaultInterface('acme', 'power')).toBe('fake');
    expect(f.defaultInterface('acme', 'management')).toBe('fake');
  });

  it('uses the configured default when the hardware type supports it', () => {
    expect(factory({ defaultPowerInterface: 'fake' }).defaultInterface('acme', 'power')).toBe('fake');
  });

  it('NoValidDefaultForInterface when the configured default is not supported by the type', () => {
    const f = factory({ defaultRaidInterface: 'fake' });
    expect(() => f.defaultInterface('acme', 'raid')).toThrow(NoValidDefaultForInterface);
    // fake-hardware accepts anything
    expect(f.defaultInterface('fake-hardware', 'raid')).toBe('fake');
  });

  it('NoValidDefaultForInterface when no supported implementation is enabled', () => {
    const f = factory({
      enabledPowerInterfaces: ['fake'],
      enabledManagementInterfaces: ['fake'],
      enabledBootInterfaces: ['fake'],
    });
    const g = new DriverFactory(new DriverRegistry().use(corePlugin).use(acme), {
      enabledDeployInterfaces: ['noop'],
    });
    expect(() => g.defaultInterface('acme', 'deploy')).toThrow(NoValidDefaultForInterface);
    expect(() => g.defaultInterface('acme', 'deploy')).toThrow(/deploy interface of hardware type 'acme'/);
    expect(f.defaultInterface('acme', 'boot')).toBe('fake');
  });

  it('NoValidDefaultForInterface at start when a default is not enabled', () => {
    expect(() => factory({ enabledPowerInterfaces: ['fake'], defaultPowerInterface: 'acme-power' })).toThrow(
      NoValidDefaultForInterface,
    );
  });

  it('InterfaceNotFound / DriverNotFound at start for names no plugin registered', () => {
    expect(() => factory({ enabledPowerInterfaces: ['ipmitool'] })).toThrow(InterfaceNotFound);
    expect(() => factory({ enabledPowerInterfaces: ['ipmitool'] })).toThrow(/Is its plugin loaded/);
    expect(() => factory({ enabledHardwareTypes: ['redfish'] })).toThrow(DriverNotFound);
  });

  it('getInterface: IncompatibleInterface, InterfaceNotEnabled, InterfaceNotFound', () => {
    const f = factory({ enabledRaidInterfaces: ['no-raid'] });
    expect(() => f.getInterface('acme', 'raid', 'fake')).toThrow(InterfaceNotEnabled);
    expect(() => f.getInterface('acme', 'deploy', 'noop')).toThrow(IncompatibleInterface);
    expect(() => f.getInterface('acme', 'power', 'nope')).toThrow(InterfaceNotFound);
    expect(f.getInterface('acme', 'power', 'fake')).toBeInstanceOf(FakePower);
    // fake-hardware bypasses the compatibility check
    expect(f.getInterface('fake-hardware', 'power', 'acme-power')).toBeInstanceOf(AcmePower);
    expect(() => f.hardwareType('nope')).toThrow(DriverNotFound);
  });

  it('resolves node interfaces: explicit choices validated, the rest defaulted, instance_info wins', () => {
    const f = factory();
    const selection = f.resolveNodeInterfaces({ driver: 'acme', managementInterface: 'fake' });
    expect(selection).toMatchObject({
      power: 'acme-power',
      management: 'fake',
      boot: 'fake',
      vendor: 'no-vendor',
    });
    expect(() => f.resolveNodeInterfaces({ driver: 'acme', deployInterface: 'noop' })).toThrow(
      IncompatibleInterface,
    );
    expect(f.resolveNodeInterfaces({ driver: 'acme', instanceInfo: { power_interface: 'fake' } }).power).toBe(
      'fake',
    );
  });

  it('builds drivers from shared singleton instances', () => {
    const f = factory();
    const a = f.buildDriver({ driver: 'acme' });
    const b = f.buildDriver({ driver: 'acme' });
    expect(a.power).toBe(b.power);
    expect(a.power).toBeInstanceOf(AcmePower);
    expect(Object.keys(a)).toHaveLength(13);
  });

  it('reports enabled and default implementations per interface, and the properties of the defaults', () => {
    const f = factory();
    const acmeIfaces = f.enabledSupportedInterfaces('acme');
    expect(acmeIfaces.power).toEqual({ enabled: ['acme-power', 'fake'], default: 'acme-power' });
    expect(acmeIfaces.boot).toEqual({ enabled: ['fake'], default: 'fake' });
    expect(f.getProperties('acme')).toHaveProperty('acme_address');
    expect(f.getProperties('fake-hardware')).toHaveProperty('fake_power_fail');
  });
});
