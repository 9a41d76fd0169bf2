import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidClusterConfig, loadClusterConfig } from '../src/process-config.js';

const DB = 'postgres://ferric:s3cret@db.example:5432/ferric';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidClusterConfig) return [...err.problems];
    throw err;
  }
  throw new Error('expected InvalidClusterConfig');
}

describe('cluster configuration', () => {
  it('file < environment < flags, deep-merged, defaults filled in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferric-process-cfg-'));
    try {
      const file = join(dir, 'c.json');
      writeFileSync(
        file,
        JSON.stringify({
          database: { url: DB, pool: { max: 4 } },
          rpc: { transport: 'json-rpc' },
          host: 'from-file',
        }),
      );
      const cfg = loadClusterConfig({
        file,
        env: { FERRIC_CONDUCTOR_HOST: 'from-env', FERRIC_JSON_RPC_PORT: '9000' },
        overrides: { conductorGroup: 'rack-a' },
      });
      expect(cfg.database).toEqual({ url: DB, pool: { max: 4 } });
      expect(cfg.host).toBe('from-env');
      expect(cfg.conductorGroup).toBe('rack-a');
      expect(cfg.rpc).toMatchObject({
        transport: 'json-rpc',
        timeout: 60,
        jsonRpc: { host: '127.0.0.1', port: 9000 },
      });
      expect(cfg.api).toMatchObject({ host: '127.0.0.1', port: 6385, auth: { strategy: 'noauth' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every problem', () => {
    const p = problems(() =>
      loadClusterConfig({
        env: {},
        overrides: { database: { url: 'mysql://x' }, rpc: { transport: 'carrier-pigeon' }, bogus: 1 },
      }),
    );
    expect(p.join('\n')).toMatch(/database\.url/);
    expect(p.join('\n')).toMatch(/rpc\.transport/);
    expect(p.join('\n')).toMatch(/bogus/);
  });

  it('amqp needs a broker URL; json-rpc tokens must be long enough; in-process is refused', () => {
    expect(
      problems(() =>
        loadClusterConfig({ env: {}, overrides: { database: { url: DB }, rpc: { transport: 'amqp' } } }),
      ),
    ).toEqual(['rpc.amqp: rpc.amqp.url is required with rpc.transport "amqp"']);
    expect(
      problems(() =>
        loadClusterConfig({
          env: {},
          overrides: { database: { url: DB }, rpc: { transport: 'json-rpc', jsonRpc: { token: 'short' } } },
        }),
      )[0],
    ).toMatch(/at least 16/);
    expect(
      problems(() =>
        loadClusterConfig({
          env: {},
          overrides: { database: { url: DB }, rpc: { transport: 'in-process' } },
        }),
      )[0],
    ).toMatch(/ferric serve/);
    const amqp = loadClusterConfig({
      env: {
        FERRIC_DATABASE_URL: DB,
        FERRIC_RPC_TRANSPORT: 'amqp',
        FERRIC_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672/%2F',
      },
    });
    expect(amqp.rpc.amqp).toEqual({
      url: 'amqp://guest:guest@127.0.0.1:5672/%2F',
      topic: 'ferric.conductor_manager',
    });
  });
});
