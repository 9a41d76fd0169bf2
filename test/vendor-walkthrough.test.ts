/**
 * A driver vendor's first hour, as in @ferric/core's README: pack @ferric/core as it would be
 * published, install it with plain npm into an empty project outside the workspace (with TypeScript
 * and vitest from the registry), write the README's tsconfig.json, driver and test blocks verbatim
 * (each block whose first line is `// <path>`), build with tsc, load the built driver with plain Node,
 * and run the README's test — the conformance suite — with vitest. Then the same project without
 * `experimentalDecorators`, whose failures must say what to set.
 *
 * Needs core built (`pnpm test` builds first) and the npm registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
const core = join(repo, 'packages/core');
const work = mkdtempSync(join(tmpdir(), 'ferric-vendor-'));
const project = join(work, 'acme-driver');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The README's code blocks that name their file on the first line (`// src/index.ts …`). */
function readmeFiles(readme: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, body] of readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)) {
    const path = /^\/\/ ([\w./-]+\.(?:ts|json))\b/.exec(body ?? '')?.[1];
    if (path) files.set(path, body!);
  }
  return files;
}

/**
 * The environment of a vendor's shell: without the `npm_*` settings pnpm passes to the scripts it
 * runs (`pnpm test`), which npm in the temporary project would warn about.
 */
function vendorEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { CI: '', NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !(key in env)) env[key] = value;
  }
  return env;
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', env: vendorEnv() });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A dependency's version range as the workspace pins it, so the walkthrough uses what CI tests. */
function workspaceRange(name: string): string {
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  let range = manifest.devDependencies[name];
  if (range === 'catalog:') {
    // pnpm-workspace.yaml's `catalog:` section, one `  name: 'range'` a line.
    const workspace = readFileSync(join(repo, 'pnpm-workspace.yaml'), 'utf8');
    range = new RegExp(`^  '?${name.replace(/[/.]/g, '\\$&')}'?: '([^']+)'$`, 'm').exec(workspace)?.[1];
  }
  if (!range) throw new Error(`${name} is not a devDependency of the workspace`);
  return `${name}@${range}`;
}

const files = readmeFiles(readFileSync(join(core, 'README.md'), 'utf8'));

describe("a driver vendor following @ferric/core's README", { timeout: 300_000 }, () => {
  beforeAll(() => {
    if (!existsSync(join(core, 'dist/index.js')))
      throw new Error("@ferric/core is not built: run 'pnpm build'.");
    execFileSync('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', work], { cwd: core, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.startsWith('ferric-core-') && f.endsWith('.tgz'));
    if (!tarball) throw new Error('pnpm pack produced no tarball');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'acme-driver', private: true, type: 'module' }, null, 2),
    );
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        join(work, tarball),
        workspaceRange('typescript'),
        workspaceRange('vitest'),
      ],
      { cwd: project, stdio: 'pipe', env: vendorEnv() },
    );
    for (const [path, body] of files) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), body);
    }
  }, 300_000);

  it('finds the tsconfig, driver and test blocks in the README', () => {
    expect([...files.keys()].sort()).toEqual(['src/index.ts', 'test/acme.test.ts', 'tsconfig.json']);
  });

  it('builds with tsc, and plain Node loads the driver without importing reflect-metadata', () => {
    const tsc = run('npx', ['tsc', '-p', '.']);
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
    const node = run('node', [
      '--input-type=module',
      '-e',
      `import { loadPlugin } from '@ferric/core';
       const plugin = await loadPlugin(new URL('./dist/index.js', 'file://${project}/').href);
       console.log(plugin.name, Object.keys(plugin.hardwareTypes ?? {}).join());`,
    ]);
    expect(node.output.trim()).toBe('@acme/ferric-driver acme');
  });

  it('passes the conformance suite and the power test with vitest', () => {
    const vitest = run('npx', ['vitest', 'run', '--reporter=verbose']);
    expect(vitest.output).toMatch(/✓ test\/acme.test.ts > powers on/);
    expect(vitest.output).toMatch(/✓ .*conforms to the Ferric driver contract > required-interfaces/);
    expect(vitest.output).toMatch(/Tests\s+\d+ passed/);
    expect(vitest.status, vitest.output).toBe(0);
  });

  it('without experimentalDecorators, tsc and the compiled code say what to set', () => {
    const config = files.get('tsconfig.json')!;
    expect(config).toContain('"experimentalDecorators": true,');
    writeFileSync(join(project, 'tsconfig.json'), config.replace('"experimentalDecorators": true,', ''));
    rmSync(join(project, 'dist'), { recursive: true, force: true });
    const tsc = run('npx', ['tsc', '-p', '.']);
    expect(tsc.status).not.toBe(0);
    expect(tsc.output).toContain('SetExperimentalDecoratorsTrueInTsconfig');
    // tsc emits despite the errors: loading that output fails with the same advice.
    const node = run('node', ['dist/index.js']);
    expect(node.status).not.toBe(0);
    expect(node.output).toContain('InvalidDecoratorUsage');
    expect(node.output).toContain('set "experimentalDecorators": true');
    writeFileSync(join(project, 'tsconfig.json'), config);
  });
});
