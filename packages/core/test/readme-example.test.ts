import 'reflect-metadata';
import { corePlugin, DriverFactory, DriverRegistry } from '@ferric/core';
import { describe, expect, it } from 'vitest';
import { ACME_SESSIONS, type AcmeInjectedPower, acmeInjectedPlugin } from './fixtures/readme-plugin.js';

describe('README: register(env)', () => {
  it('builds the power interface with the conductor-scoped pool and closes it', async () => {
    const registry = new DriverRegistry({ config: { acme: { timeoutMs: 2000 } } })
      .use(corePlugin)
      .use(acmeInjectedPlugin);
    const services = registry.createScope();
    const drivers = new DriverFactory(registry, {}, { resolve: services.resolve });
    const power = drivers.getInterface('acme-injected', 'power', 'acme-injected') as AcmeInjectedPower;
    expect(await power.getPowerState()).toBe('power on');
    const pool = services.resolve(ACME_SESSIONS);
    expect(pool.settings.timeoutMs).toBe(2000);
    await registry.shutdown();
    await services.dispose();
    expect(() => services.resolve(ACME_SESSIONS)).toThrow(/after shutdown/);
  });
});
