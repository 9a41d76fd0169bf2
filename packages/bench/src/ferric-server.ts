import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup } from './child.js';

/** A running all-in-one `ferric serve` process started by the benchmark. */
export interface FerricServer {
  url: string;
  pid: number;
  /** SIGTERM (graceful), then SIGKILL after `graceMs`; removes its temporary data directory. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startFerricServer}. */
export interface FerricServerOptions {
  /** The repository root (where `packages/api/bin/ferric.js` lives). */
  repoRoot: string;
  /** Conductor options for the config file (e.g. `{ workersPoolSize: 100 }`). */
  conductor?: Record<string, unknown>;
  /** Write a V8 CPU profile of the server into this directory (`node --cpu-prof`). */
  cpuProfDir?: string;
  /** Extra `node` options for the server process (recorded in the report's settings). */
  nodeOptions?: readonly string[];
  /** Bound on start-up, milliseconds. */
  startTimeoutMs?: number;
  log: (msg: string) => void;
}

/** Path of the `ferric` executable in a source checkout. */
export function ferricBin(repoRoot: string): string {
  return join(repoRoot, 'packages', 'api', 'bin', 'ferric.js');
}

/** The node options the `ferric` executable's launcher line passes (`exec node … "$0" "$@"`). */
export function launcherNodeOptions(bin: string): string[] {
  const line = /^':' \/\/; exec node (.*) "\$0" "\$@"$/m.exec(readFileSync(bin, 'utf8'));
  return line?.[1] ? line[1].split(/\s+/).filter(Boolean) : [];
}

/** True when `ferric serve` has been built (`packages/api/dist/cli.js` exists). */
export function ferricServeAvailable(repoRoot: string): boolean {
  return existsSync(ferricBin(repoRoot)) && existsSync(join(repoRoot, 'packages', 'api', 'dist', 'cli.js'));
}

/**
 * Starts `ferric serve` on an ephemeral port with a fresh SQLite data directory and `warn` logging, and
 * resolves once it prints its "API ready" line (bounded).
 */
export async function startFerricServer(options: FerricServerOptions): Promise<FerricServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferric-bench-'));
  const configFile = join(dataDir, 'ferric.json');
  writeFileSync(configFile, JSON.stringify({ conductor: options.conductor ?? {} }, null, 2));
  const bin = ferricBin(options.repoRoot);
  const extra = [
    ...(options.nodeOptions ?? []),
    ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : []),
  ];
  // As users run it: the executable itself (its launcher line picks node's options); with extra options,
  // node directly with the launcher's options and then the extra ones.
  const [command, prefix] = extra.length
    ? [process.execPath, [...launcherNodeOptions(bin), ...extra, bin]]
    : [bin, []];
  const child = spawn(
    command,
    [...prefix, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', '--config', configFile],
    { cwd: options.repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env } },
  );
  let output = '';
  const cleanupDir = () => rmSync(dataDir, { recursive: true, force: true });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`ferric serve not ready after ${options.startTimeoutMs ?? 60_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 60_000);
    const onData = (c: Buffer) => {
      output += c.toString('utf8');
      const m = /API ready at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/[.,]$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`ferric serve exited (${code}) before it was ready:\n${output}`));
    });
  }).catch(async (err: unknown) => {
    killGroup(child, 'SIGKILL');
    await exited;
    cleanupDir();
    throw err;
  });
  // keep draining output so the pipe never blocks the server; keep the tail for diagnostics
  child.stdout.on('data', (c: Buffer) => {
    output = (output + c.toString('utf8')).slice(-4000);
  });
  options.log(`ferric serve pid ${child.pid} ready at ${url}`);
  return {
    url,
    pid: child.pid!,
    async stop(graceMs = 30_000) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      cleanupDir();
    },
  };
}
