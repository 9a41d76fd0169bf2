import { DriverLoadError } from '@ferric/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createConductor, InProcessTransport } from '../src/index.js';
import { FAST } from './harness.js';
import { silentLogger, tempDir } from './helpers.js';

/** `createConductor({ plugins })` takes module specifiers, as core's README documents. */
describe('plugins given by module specifier', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  const conductor = (host: string, plugin: string) =>
    createConductor({
      database: { sqlite: dir.file(`${host}.sqlite`) },
      plugins: [plugin],
      logger: silentLogger,
      transport: new InProcessTransport(),
      config: { ...FAST, host, enabledHardwareTypes: ['specified'] },
    });

  it('imports the module on start and drives nodes with its hardware type', async () => {
    const c = conductor('spec-1', new URL('./fixtures/specifier-plugin.ts', import.meta.url).href);
    await c.start();
    try {
      await c.rpc.createNode({ node: { name: 'n1', driver: 'specified' } });
      expect(await c.rpc.getNodePowerState({ node: 'n1' })).toBe('power off');
    } finally {
      await c.stop();
    }
  });

  it('fails start() with DriverLoadError naming a module that cannot be imported', async () => {
    const c = conductor('spec-2', 'no-such-ferric-plugin');
    await expect(c.start()).rejects.toThrow(DriverLoadError);
    await expect(c.start()).rejects.toThrow(/Cannot import Ferric plugin 'no-such-ferric-plugin'/);
  });
});
