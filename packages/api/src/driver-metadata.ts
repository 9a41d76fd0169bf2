import type { ConductorConfig } from '@ferric/conductor';
import {
  corePlugin,
  DriverFactory,
  DriverRegistry,
  type FerricPlugin,
  RAIDInterface,
  UnsupportedDriverExtension,
} from '@ferric/core';
import type { DriverMetadata } from './backend.js';

/**
 * Driver metadata from the same plugins and configuration the conductor loads (a thin adapter: the
 * conductor RPC contract has no `getDriverProperties`, so the API composes drivers itself, read-only).
 * @public
 */
export function createDriverMetadata(
  plugins: readonly FerricPlugin[],
  config: Partial<ConductorConfig>,
): DriverMetadata {
  const registry = new DriverRegistry().use(corePlugin);
  for (const p of plugins) registry.use(p);
  const factory = new DriverFactory(registry, config);
  let secrets: string[] | undefined;
  return {
    getProperties: (driver) => factory.getProperties(driver),
    getRaidLogicalDiskProperties(driver) {
      const raid = factory.implementation('raid', factory.defaultInterface(driver, 'raid'));
      if (!(raid instanceof RAIDInterface))
        throw new UnsupportedDriverExtension(`Driver ${driver} does not support raid.`);
      return raid.getLogicalDiskProperties();
    },
    secretKeys() {
      if (!secrets) {
        const keys = new Set<string>();
        for (const hw of factory.enabledHardwareTypes()) {
          for (const [k, p] of Object.entries(factory.getProperties(hw))) if (p.secret) keys.add(k);
        }
        secrets = [...keys];
      }
      return secrets;
    },
  };
}
