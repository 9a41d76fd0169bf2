/** The `ferric` executable's commands (runs the built `bin/ferric.js`; `pnpm build` first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/ferric.js');
const dir = mkdtempSync(join(tmpdir(), 'ferric-cli-cmd-'));
const ferric = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
    timeout: 30_000,
  });

describe('ferric serve | conductor | api', { timeout: 60_000 }, () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help lists the three commands and both sets of environment variables', () => {
    for (const args of [['--help'], ['conductor', '--help'], ['api', '--help']]) {
      const r = ferric(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/ferric conductor \[options\]/);
      expect(r.stdout).toMatch(/ferric api \[options\]/);
      expect(r.stdout).toMatch(/FERRIC_DATABASE_URL/);
      expect(r.stdout).toMatch(/FERRIC_PLUGINS/);
    }
  });

  it('validates conductor/api configuration (file < env < flags) with exit code 2', () => {
    const r = ferric(['conductor', '--transport', 'amqp']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/database: /);
    expect(r.stderr).toMatch(/rpc\.amqp\.url is required/);
    const cfg = join(dir, 'c.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        database: { url: 'mysql://x', pool: { reconnectForMs: 0 } },
        rpc: { transport: 'json-rpc' },
      }),
    );
    // The environment fixes the file's URL (the config is accepted; the database is unreachable)…
    const fixed = ferric(['api', '-c', cfg], { FERRIC_DATABASE_URL: 'postgres://u@127.0.0.1:1/db' });
    expect(fixed.status).toBe(1);
    expect(fixed.stderr).toMatch(/could not start api/);
    // …and a flag wins over the environment.
    const flag = ferric(['api', '-c', cfg, '--database-url', 'nope'], {
      FERRIC_DATABASE_URL: 'postgres://u@h/db',
    });
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/database\.url must be a postgres/);
    expect(ferric(['serve', '--transport', 'amqp']).stderr).toMatch(/not "serve"/);
    expect(ferric(['conductor', '--data-dir', dir]).stderr).toMatch(/"ferric serve" only/);
  });

  it('serve: a plugin that cannot be loaded is named precisely (exit 2); boot/agent sections are validated', () => {
    const r = ferric(['serve', '-p', '0', '--data-dir', dir, '--plugin', 'no-such-ferric-plugin']);
    expect(r.status).toBe(2);
    // --plugin adds to the default serve's first-party plugins: the entry is named by its index.
    expect(r.stderr).toMatch(/plugins\[\d+\] \(no-such-ferric-plugin\): Cannot import Ferric plugin/);
    const cfg = join(dir, 's.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        boot: { defaultBootMode: 'efi', services: { httpPort: -1 } },
        agent: { apiUrl: 'x' },
      }),
    );
    const v = ferric(['serve', '-c', cfg]);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/boot\.defaultBootMode/);
    expect(v.stderr).toMatch(/boot\.services\.httpPort/);
    expect(v.stderr).toMatch(/agent\.apiUrl/);
  });
});
