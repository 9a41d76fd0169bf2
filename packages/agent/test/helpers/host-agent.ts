/**
 * Runs the ramdisk agent's shell scripts on the host under busybox (the same applets as in the
 * ramdisk), against a fake API, with a plain file as the "disk".
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const RAMDISK_DIR = resolve(import.meta.dirname, '../../ramdisk');
export const BUSYBOX = '/bin/busybox';

export function busyboxAvailable(): boolean {
  return spawnSync(BUSYBOX, ['true']).status === 0;
}

/** A fake Ferric API: lookup hands out `token`; heartbeats are recorded. */
export interface FakeApi {
  url: string;
  heartbeats: Record<string, unknown>[];
  inventories: Record<string, unknown>[];
  files: Map<string, Buffer>;
  /** Files sent in `chunkBytes` pieces every `intervalMs`, to watch a long download in progress. */
  slowFiles: Map<string, { data: Buffer; chunkBytes: number; intervalMs: number }>;
  close(): Promise<void>;
}

export async function startFakeApi(nodeUuid: string, token: string): Promise<FakeApi> {
  const heartbeats: Record<string, unknown>[] = [];
  const inventories: Record<string, unknown>[] = [];
  const files = new Map<string, Buffer>();
  const slowFiles: FakeApi['slowFiles'] = new Map();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/v1/lookup') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ node: { uuid: nodeUuid, properties: {} }, config: { agent_token: token } }));
      } else if (url.pathname === `/v1/heartbeat/${nodeUuid}`) {
        heartbeats.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.statusCode = 202;
        res.end();
      } else if (url.pathname === '/v1/continue_inspection') {
        inventories.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.statusCode = 202;
        res.end();
      } else if (slowFiles.has(url.pathname)) {
        const { data, chunkBytes, intervalMs } = slowFiles.get(url.pathname)!;
        res.setHeader('content-length', data.length);
        let offset = 0;
        const timer = setInterval(() => {
          res.write(data.subarray(offset, offset + chunkBytes));
          offset += chunkBytes;
          if (offset >= data.length) {
            clearInterval(timer);
            res.end();
          }
        }, intervalMs);
        res.on('close', () => clearInterval(timer));
      } else if (files.has(url.pathname)) {
        res.end(files.get(url.pathname));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    heartbeats,
    inventories,
    files,
    slowFiles,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface HostAgent {
  dir: string;
  disk: string;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `ferric-agent` under busybox with `disk` as its root device. */
export async function startHostAgent(options: {
  apiUrl: string;
  port: number;
  diskBytes: number;
  extraCmdline?: string;
}): Promise<HostAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'ferric-agent-test-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const applets = spawnSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const a of applets) symlinkSync(BUSYBOX, join(bin, a));
  const disk = join(dir, 'disk.img');
  writeFileSync(disk, Buffer.alloc(options.diskBytes, 0xaa));
  const cmdline = join(dir, 'cmdline');
  const url = `http://127.0.0.1:${options.port}`;
  writeFileSync(
    cmdline,
    `ipa-api-url=${options.apiUrl} ferric-agent-port=${options.port} ferric-agent-advertise-url=${url} ferric-heartbeat-interval=1 ${options.extraCmdline ?? ''}\n`,
  );
  let out = '';
  const child: ChildProcess = spawn(BUSYBOX, ['sh', join(RAMDISK_DIR, 'ferric-agent')], {
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      FERRIC_AGENT_DIR: RAMDISK_DIR,
      FERRIC_AGENT_STATE: join(dir, 'state'),
      FERRIC_AGENT_CMDLINE: cmdline,
      FERRIC_AGENT_NO_NETWORK: '1',
      FERRIC_AGENT_MACS: '52:54:00:aa:bb:01',
      FERRIC_AGENT_ROOT_DEVICE: disk,
      FERRIC_AGENT_DRY_POWER: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return {
    dir,
    disk,
    url,
    output: () => out,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
      await new Promise((r) => setTimeout(r, 100));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 100 ms until it returns a value (bounded by `timeoutMs`). */
export async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
