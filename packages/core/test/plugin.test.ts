import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AbstractHardwareType,
  corePlugin,
  DriverLoadError,
  DriverRegistry,
  definePlugin,
  FakeBoot,
  FakeDeploy,
  FakeManagement,
  FakePower,
  loadPlugin,
  validatePlugin,
} from '@ferric/core';
import { describe, expect, it } from 'vitest';

class Hw extends AbstractHardwareType {
  readonly supportedBootInterfaces = [FakeBoot];
  readonly supportedDeployInterfaces = [FakeDeploy];
  readonly supportedManagementInterfaces = [FakeManagement];
  readonly supportedPowerInterfaces = [FakePower];
}

describe('plugins', () => {
  it('definePlugin brands a valid plugin', () => {
    const plugin = definePlugin({
      name: 'ok',
      hardwareTypes: { 'my-hw': Hw },
      interfaces: { power: { 'my-power': FakePower } },
    });
    expect(plugin).toMatchObject({ $$type: '@ferric/plugin', version: 'v1', name: 'ok' });
  });

  it.each([
    [null, /expected an object/],
    [{}, /'name' must be a non-empty string/],
    [{ name: 'x', hardwareTypes: { My_HW: Hw } }, /hardware type name 'My_HW' must be lower-case/],
    [
      { name: 'x', hardwareTypes: { hw: class {} } },
      /hardware type 'hw' is not a class extending AbstractHardwareType/,
    ],
    [{ name: 'x', interfaces: { powr: { a: FakePower } } }, /unknown interface type 'powr'/],
    [
      { name: 'x', interfaces: { power: { a: FakeBoot } } },
      /power interface 'a' \(FakeBoot\) implements 'boot', not 'power'/,
    ],
    [{ name: 'x', interfaces: { power: { a: 42 } } }, /power interface 'a' is not a class/],
  ])('rejects a malformed plugin precisely (%#)', (value, message) => {
    expect(() => validatePlugin(value, 'test')).toThrow(DriverLoadError);
    expect(() => validatePlugin(value, 'test')).toThrow(message);
  });

  it('refuses two classes under one name, allows one class under two names', () => {
    const registry = new DriverRegistry().use(corePlugin);
    registry.registerInterface('power', 'also-fake', FakePower);
    expect(registry.namesOf('power', FakePower).sort()).toEqual(['also-fake', 'fake']);
    expect(() =>
      registry.use(
        definePlugin({ name: 'clash', interfaces: { power: { fake: class extends FakePower {} } } }),
      ),
    ).toThrow(/clashes with the one registered by @ferric\/core/);
  });

  it('remembers which plugin registered each class first (periodic ids are qualified by it)', () => {
    class AcmePower extends FakePower {}
    class EnvPower extends FakePower {}
    const registry = new DriverRegistry()
      .use(corePlugin)
      .use(
        definePlugin({
          name: '@acme/ferric-driver',
          hardwareTypes: { 'my-hw': Hw },
          interfaces: { power: { acme: AcmePower } },
        }),
      )
      .use(definePlugin({ name: '@other/driver', interfaces: { power: { 'acme-again': AcmePower } } }))
      .use(
        definePlugin({
          name: '@env/ferric-driver',
          id: 'env',
          register(env) {
            env.registerInterface('power', 'env-power', EnvPower);
          },
        }),
      );
    registry.registerInterface('power', 'direct', class extends FakePower {});
    expect(registry.pluginOf(EnvPower)).toBe('@env/ferric-driver');
    expect(registry.pluginOf(FakePower)).toBe('@ferric/core');
    expect(registry.pluginOf(Hw)).toBe('@acme/ferric-driver');
    expect(registry.pluginOf(AcmePower)).toBe('@acme/ferric-driver');
    expect(registry.pluginOf(class {})).toBeUndefined();
  });

  it('loads a plugin module by specifier (default export or `plugin`), with clear errors otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferric-plugin-'));
    const coreUrl = pathToFileURL(join(import.meta.dirname, '../src/index.ts')).href;
    writeFileSync(
      join(dir, 'good.mjs'),
      `export const plugin = { $$type: '@ferric/plugin', version: 'v1', name: 'good', hardwareTypes: {}, interfaces: {} };`,
    );
    writeFileSync(join(dir, 'empty.mjs'), 'export const nothing = 1;');
    writeFileSync(join(dir, 'broken.mjs'), 'export default { name: 42 };');
    expect((await loadPlugin(pathToFileURL(join(dir, 'good.mjs')).href)).name).toBe('good');
    await expect(loadPlugin(pathToFileURL(join(dir, 'empty.mjs')).href)).rejects.toThrow(
      /has no Ferric plugin/,
    );
    await expect(loadPlugin(pathToFileURL(join(dir, 'broken.mjs')).href)).rejects.toThrow(
      /'name' must be a non-empty string/,
    );
    await expect(loadPlugin('@ferric/does-not-exist')).rejects.toThrow(
      /Cannot import Ferric plugin '@ferric\/does-not-exist'/,
    );
    expect(coreUrl).toContain('index.ts');
  });
});
