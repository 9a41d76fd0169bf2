/**
 * Package READMEs are what users copy from, and what npm shows:
 * - every ```ts block of `packages/*\/README.md` typechecks (strict) against the built packages, each
 *   block as its own module;
 * - no README links to a relative path, which is dead once the package is published.
 * Needs the packages built (`pnpm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
const readmes = readdirSync(join(repo, 'packages'))
  .map((name) => join('packages', name, 'README.md'))
  .filter((path) => existsSync(join(repo, path)));

/** The ```ts blocks of a README, with the line each starts on. */
function tsBlocks(path: string): { line: number; code: string }[] {
  const text = readFileSync(join(repo, path), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
    line: text.slice(0, m.index).split('\n').length + 1,
    code: m[1]!,
  }));
}

/** `@ferric/x[/sub]` → its built declarations, from each package's `exports` (examples too). */
function paths(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const dir of ['packages', 'examples']) {
    for (const name of readdirSync(join(repo, dir))) {
      const manifestPath = join(repo, dir, name, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name: string;
        exports?: Record<string, string | { types?: string }>;
      };
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        const types = typeof target === 'string' ? undefined : target.types;
        if (!types) continue;
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
        out[specifier] = [join(repo, dir, name, types)];
      }
    }
  }
  return out;
}

// Inside the repository (ignored by git) so that third-party imports resolve from its node_modules.
const work = join(repo, '.tmp', 'readme-code');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('package READMEs', () => {
  it('typecheck every ts block (strict, each block a module)', { timeout: 180_000 }, () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const origins = new Map<string, string>();
    for (const readme of readmes) {
      for (const block of tsBlocks(readme)) {
        // A block whose first line names its file (`// test/acme.test.ts`) is written there, so that
        // the README's relative imports between blocks resolve.
        const named = /^\/\/ ([\w./-]+\.ts)\b/.exec(block.code)?.[1];
        const file = join(readme.split('/')[1]!, named ?? `L${block.line}.ts`);
        origins.set(file, `${readme}:${block.line}`);
        mkdirSync(join(work, dirname(file)), { recursive: true });
        // `export {}` keeps a block without imports a module of its own.
        writeFileSync(join(work, file), `${block.code}\nexport {};\n`);
      }
    }
    expect(origins.size).toBeGreaterThan(10);
    const base = JSON.parse(readFileSync(join(repo, 'tsconfig.base.json'), 'utf8')) as {
      compilerOptions: Record<string, unknown>;
    };
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...base.compilerOptions,
          composite: false,
          declaration: false,
          declarationMap: false,
          sourceMap: false,
          inlineSources: false,
          noEmit: true,
          // README snippets show a step, not a program: values they declare for the reader may be unused.
          noUnusedLocals: false,
          types: ['node'],
          typeRoots: [join(repo, 'node_modules/@types')],
          paths: paths(),
        },
        include: ['**/*.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.'], {
      cwd: work,
      encoding: 'utf8',
    });
    // Name the README and line, not the temporary file.
    const report = tsc.stdout.replace(/^([\w./-]+\.ts)\((\d+),/gm, (_, file: string, line: string) => {
      const [readme, start] = origins.get(file)!.split(':');
      return `${readme}:${Number(start) + Number(line) - 1} (`;
    });
    expect(report).toBe('');
    expect(tsc.status).toBe(0);
  });

  it.each(readmes)('%s links only to absolute URLs and anchors', (readme) => {
    const text = readFileSync(join(repo, readme), 'utf8');
    const relative = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^(https?:|mailto:|#)/.test(target));
    expect(relative).toEqual([]);
  });
});
