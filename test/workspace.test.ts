/**
 * Workspace invariants: the root tsconfig.json (a solution file) references every package, and
 * the source maps a package publishes carry their sources (dist/ is all that ships).
 * Needs the packages built (`pnpm test` builds first).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
const projects = ['packages', 'examples'].flatMap((dir) =>
  readdirSync(join(repo, dir))
    .filter((name) => existsSync(join(repo, dir, name, 'tsconfig.json')))
    .map((name) => `${dir}/${name}`),
);

function files(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

describe('workspace', () => {
  it('root tsconfig.json references every package and example', () => {
    const { config, error } = ts.readConfigFile(join(repo, 'tsconfig.json'), ts.sys.readFile);
    expect(error).toBeUndefined();
    const references = (config as { references: { path: string }[] }).references.map((r) => r.path);
    expect(references.sort()).toEqual(projects.sort());
  });

  it.each(projects)('%s: every source map carries its sources', (project) => {
    const maps = files(join(repo, project, 'dist'), '.js.map');
    expect(maps.length, `${project} is not built`).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(map, 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      expect(sourcesContent?.length, map).toBe(sources.length);
      expect(
        sourcesContent?.every((s) => typeof s === 'string'),
        map,
      ).toBe(true);
    }
  });
});
