import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { agentPlugin } from '@ferric/agent';
import { ipxePlugin } from '@ferric/boot-ipxe';
import { pxePlugin } from '@ferric/boot-pxe';
import { vmediaPlugin } from '@ferric/boot-vmedia';
import { ipmiPlugin } from '@ferric/drivers-ipmi';
import { redfishPlugin } from '@ferric/drivers-redfish';
import { pino } from 'pino';
import { loadServeConfig } from '../src/config.js';
import { DEFAULT_HARDWARE_TYPES } from '../src/default-drivers.js';
import { type FerricService, startService } from '../src/service.js';

/** A running Ferric for tests, with every log line captured. */
export interface TestService extends FerricService {
  logs: string[];
  dataDir: string;
  /** Stops the service and removes the data directory. */
  close(): Promise<void>;
}

let counter = 0;

/** Starts API + conductor on 127.0.0.1:0 with a fresh SQLite file and captured logs. */
export async function startTestService(overrides: Record<string, unknown> = {}): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferric-api-test-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const { conductor, ...rest } = overrides;
  // Without `plugins`, what a default `ferric serve` loads — as objects from source: vitest runs the
  // sources, and loading the packages by specifier would import their built copies next to them.
  const defaults = rest.plugins === undefined;
  const config = loadServeConfig({
    env: {},
    overrides: {
      port: 0,
      dataDir,
      logLevel: 'debug',
      ...(defaults ? { plugins: [] } : {}),
      conductor: {
        host: `test-conductor-${process.pid}-${++counter}`,
        syncPowerStateInterval: 3600,
        ...(defaults ? { enabledHardwareTypes: [...DEFAULT_HARDWARE_TYPES] } : {}),
        ...(conductor as Record<string, unknown> | undefined),
      },
      ...rest,
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const plugins = defaults
    ? [ipmiPlugin, redfishPlugin, pxePlugin, ipxePlugin, vmediaPlugin, agentPlugin]
    : [];
  const service = await startService({ config, logger, plugins });
  return Object.assign(service, {
    logs,
    dataDir,
    async close() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Decodes Ironic's double-encoded error body. */
export function fault(body: string): { faultcode: string; faultstring: string; debuginfo: unknown } {
  const outer = JSON.parse(body) as { error_message: string };
  return JSON.parse(outer.error_message) as { faultcode: string; faultstring: string; debuginfo: unknown };
}

/** Polls until `check` resolves truthy (bounded). */
export async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Headers for the CLI's default microversion. */
export const V = { 'x-openstack-ironic-api-version': '1.78' };
