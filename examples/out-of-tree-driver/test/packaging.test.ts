import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * Publishability check: pack @ferric/core and this example exactly as they would be
 * published, install the tarballs with plain npm into an empty project outside the
 * workspace, and run the driver there. Needs the packages built (`pnpm build`, which
 * `pnpm test` runs first).
 */
const repo = resolve(import.meta.dirname, '../../..');
const packages = { core: join(repo, 'packages/core'), example: join(repo, 'examples/out-of-tree-driver') };
const work = mkdtempSync(join(tmpdir(), 'ferric-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pack(dir: string): string {
  if (!existsSync(join(dir, 'dist/index.js')))
    throw new Error(`${dir} is not built: run 'pnpm build' first.`);
  const before = new Set(readdirSync(work));
  execFileSync('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', work], { cwd: dir, stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz') && !before.has(f));
  if (!tarball) throw new Error(`pnpm pack produced no tarball in ${dir}`);
  return join(work, tarball);
}

describe('published packages', () => {
  it('install with npm outside the workspace and run the example driver', { timeout: 240_000 }, () => {
    const core = pack(packages.core);
    const example = pack(packages.example);
    const project = join(work, 'consumer');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', core, example, 'reflect-metadata@^0.2.2'],
      {
        cwd: project,
        stdio: 'pipe',
      },
    );
    writeFileSync(
      join(project, 'run.mjs'),
      `import 'reflect-metadata';
import { collectPeriodicTasks, corePlugin, DriverFactory, DriverRegistry, loadPlugin } from '@ferric/core';
import { checkConformance, createTestTask } from '@ferric/core/testing';
const acme = await loadPlugin('ferric-driver-acme');
const factory = new DriverFactory(new DriverRegistry().use(corePlugin).use(acme));
const node = { driver: 'acme', driverInfo: { acme_address: 'bmc-9', acme_username: 'u', acme_password: 'p' } };
const task = createTestTask(node, { driver: factory.buildDriver(node) });
await task.driver.power.setPowerState(task, 'power on');
const hw = factory.hardwareType('acme');
console.log(JSON.stringify({
  power: await task.driver.power.getPowerState(task),
  periodics: collectPeriodicTasks(hw).map((p) => p.name),
  conformance: (await checkConformance(hw)).ok,
}));
`,
    );
    const output = execFileSync('node', ['run.mjs'], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(output.trim())).toEqual({
      power: 'power on',
      periodics: ['AcmeHardware.reportFleetHealth', 'AcmePower.checkBmcFirmware'],
      conformance: true,
    });
  });
});
