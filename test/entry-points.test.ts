/**
 * Every published entry point of every package (each `exports` subpath, as built) imports in a fresh
 * Node process on its own — nothing imported before it, in particular not reflect-metadata (which
 * @ferric/core loads itself). Needs the packages built (`pnpm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, string | { default?: string }>;
}

/** `[specifier, built file]` of every exported JavaScript entry point of a published package. */
function entryPoints(): [string, string][] {
  const out: [string, string][] = [];
  for (const dir of ['packages', 'examples']) {
    for (const name of readdirSync(join(repo, dir))) {
      const manifestPath = join(repo, dir, name, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      if (manifest.private) continue;
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        const file = typeof target === 'string' ? target : target.default;
        if (!file?.endsWith('.js')) continue;
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
        out.push([specifier, join(repo, dir, name, file)]);
      }
    }
  }
  return out;
}

describe('published entry points', () => {
  it.each(entryPoints())('%s imports first thing in a process', (_specifier, file) => {
    expect(existsSync(file), `${file} is not built: run 'pnpm build'`).toBe(true);
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
