import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Tests run against TypeScript sources, not build output: every `@ferric/*` export
 * (`./dist/x.js`) is aliased to its source twin (`./src/x.ts`), derived from the
 * packages' own `exports` maps so the two can never drift.
 */
function sourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const dir of ['packages', 'examples']) {
    for (const name of readdirSync(dir)) {
      const manifestPath = join(dir, name, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name: string;
        exports?: Record<string, { default?: string } | string>;
      };
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        const file = typeof target === 'string' ? target : target.default;
        if (!file?.startsWith('./dist/') || !file.endsWith('.js')) continue;
        const source = resolve(dir, name, file.replace('./dist/', './src/').replace(/\.js$/, '.ts'));
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
        aliases.push({ find: new RegExp(`^${specifier.replace(/[/.]/g, '\\$&')}$`), replacement: source });
      }
    }
  }
  return aliases;
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: [
      'test/**/*.test.ts',
      'packages/*/{src,test}/**/*.test.ts',
      'examples/*/{src,test}/**/*.test.ts',
    ],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['./vitest.setup.ts'],
    // In CI a JSON report is kept too: scripts/ci-no-skips.mjs fails the run if a test was skipped
    // (tests skip only when a real peer such as ipmi_sim or QEMU is missing, which CI must not hide).
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.tmp/vitest-report.json' }]]
      : ['default'],
  },
});
