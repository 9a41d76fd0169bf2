import 'reflect-metadata';
import {
  AbstractHardwareType,
  corePlugin,
  createServiceToken,
  DriverFactory,
  DriverLoadError,
  DriverRegistry,
  definePlugin,
  FakeBoot,
  FakeDeploy,
  FakeManagement,
  inject,
  PluginConfigError,
  PowerInterface,
  type PowerStateValue,
  type StandardSchemaV1,
} from '@ferric/core';
import { describe, expect, it } from 'vitest';

interface AcmeSettings {
  readonly timeoutMs: number;
}

/** A hand-written Standard Schema (what zod/valibot provide): `{ timeoutMs?: positive number }`. */
const acmeSchema: StandardSchemaV1<unknown, AcmeSettings> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const input = (value ?? {}) as { timeoutMs?: unknown };
      if (typeof input !== 'object') return { issues: [{ message: 'expected an object' }] };
      const timeoutMs = input.timeoutMs ?? 5000;
      if (typeof timeoutMs !== 'number' || timeoutMs <= 0) {
        return { issues: [{ message: 'must be a positive number', path: ['timeoutMs'] }] };
      }
      return { value: { timeoutMs } };
    },
  },
};

const SETTINGS = createServiceToken<AcmeSettings>('acme:settings');
const SESSIONS = createServiceToken<SessionPool>('acme:sessions');

class SessionPool {
  readonly open = new Set<string>();
  closed = false;
  constructor(readonly settings: AcmeSettings) {}
  connect(address: string): void {
    this.open.add(address);
  }
  async dispose(): Promise<void> {
    this.open.clear();
    this.closed = true;
  }
}

class AcmePower extends PowerInterface {
  constructor(@inject(SESSIONS) readonly sessions: SessionPool) {
    super();
  }
  getProperties() {
    return {};
  }
  validate() {}
  async getPowerState(): Promise<PowerStateValue> {
    return 'power on';
  }
  async setPowerState() {}
  async reboot() {}
}

class AcmeHardware extends AbstractHardwareType {
  readonly supportedBootInterfaces = [FakeBoot];
  readonly supportedDeployInterfaces = [FakeDeploy];
  readonly supportedManagementInterfaces = [FakeManagement];
  readonly supportedPowerInterfaces = [AcmePower];
}

const shutdownOrder: string[] = [];

const acmeSettingsPlugin = definePlugin({
  name: '@acme/settings',
  id: 'acme',
  configSchema: acmeSchema,
  register(env) {
    env.provide(SETTINGS, { useValue: env.config });
    env.onShutdown(() => void shutdownOrder.push('settings'));
  },
});

const acmePlugin = definePlugin({
  name: '@acme/driver',
  requires: [acmeSettingsPlugin],
  hardwareTypes: { acme: AcmeHardware },
  register(env) {
    env.provide(SESSIONS, { useFactory: (resolve) => new SessionPool(resolve(SETTINGS)) });
    env.registerInterface('power', 'acme-power', AcmePower);
    env.onShutdown(() => void shutdownOrder.push('driver'));
  },
});

function conductorDrivers(config: Record<string, unknown>) {
  const registry = new DriverRegistry({ config }).use(corePlugin).use(acmePlugin);
  const services = registry.createScope();
  return { registry, services, factory: new DriverFactory(registry, {}, { resolve: services.resolve }) };
}

describe('plugins with register(env)', () => {
  it('loads required plugins first and registers what register() adds', () => {
    const { registry } = conductorDrivers({});
    expect(registry.plugins.map((p) => p.name)).toEqual(['@ferric/core', '@acme/settings', '@acme/driver']);
    expect(registry.interfaceNames('power')).toContain('acme-power');
  });

  it('gives each registry (conductor) its own validated section and its own services', () => {
    const a = conductorDrivers({ acme: { timeoutMs: 100 } });
    const b = conductorDrivers({ acme: { timeoutMs: 200 } });
    const powerA = a.factory.getInterface('acme', 'power', 'acme-power') as AcmePower;
    const powerB = b.factory.getInterface('acme', 'power', 'acme-power') as AcmePower;
    expect(powerA.sessions.settings.timeoutMs).toBe(100);
    expect(powerB.sessions.settings.timeoutMs).toBe(200);
    expect(powerA.sessions).not.toBe(powerB.sessions);
    // One instance per conductor, built with the same pool every time.
    expect(a.factory.getInterface('acme', 'power', 'acme-power')).toBe(powerA);
    expect(a.services.resolve(SESSIONS)).toBe(powerA.sessions);
  });

  it('applies schema defaults when the section is absent', () => {
    const { services } = conductorDrivers({});
    expect(services.resolve(SETTINGS)).toEqual({ timeoutMs: 5000 });
  });

  it('rejects an invalid section with PluginConfigError naming the path', () => {
    expect(() => conductorDrivers({ acme: { timeoutMs: -1 } })).toThrow(PluginConfigError);
    expect(() => conductorDrivers({ acme: { timeoutMs: -1 } })).toThrow(
      'acme.timeoutMs: must be a positive number',
    );
  });

  it('disposes of factory-built services and runs shutdown hooks newest first', async () => {
    const { registry, services, factory } = conductorDrivers({});
    const power = factory.getInterface('acme', 'power', 'acme-power') as AcmePower;
    power.sessions.connect('192.0.2.10');
    shutdownOrder.length = 0;
    await registry.shutdown();
    await services.dispose();
    expect(shutdownOrder).toEqual(['driver', 'settings']);
    expect(power.sessions.closed).toBe(true);
    expect(power.sessions.open.size).toBe(0);
    expect(() => services.resolve(SESSIONS)).toThrow(/after shutdown/);
  });

  it('refuses two plugins providing the same service', () => {
    const clash = definePlugin({
      name: '@other/driver',
      register(env) {
        env.provide(SESSIONS, { useFactory: () => new SessionPool({ timeoutMs: 1 }) });
      },
    });
    expect(() => new DriverRegistry().use(acmePlugin).use(clash)).toThrow(DriverLoadError);
  });

  it('says which service is missing when no plugin provides it', () => {
    const bare = new DriverRegistry().use(corePlugin);
    bare.registerInterface('power', 'acme-power', AcmePower);
    bare.registerHardwareType('acme', AcmeHardware);
    expect(() => new DriverFactory(bare).getInterface('acme', 'power', 'acme-power')).toThrow(
      /No plugin provides acme:sessions/,
    );
  });

  it('rejects a configSchema that is not a Standard Schema', () => {
    expect(() => definePlugin({ name: 'bad', configSchema: {} as never })).toThrow(/Standard Schema/);
  });
});
