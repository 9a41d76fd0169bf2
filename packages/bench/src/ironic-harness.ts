import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBounded } from './child.js';

/** The shared OpenStack Ironic harness (`setup.sh`, `start.sh`, `stop.sh`), driven in place. */
export interface IronicHarness {
  url: string;
  /** API (uwsgi master) and conductor pids, for CPU and memory accounting. */
  pids: { api: number; conductor: number };
  /** Whether this run started it (and therefore stops it). */
  startedHere: boolean;
  stop(): Promise<void>;
}

/** Default location of the harness. */
export const DEFAULT_IRONIC_DIR = '/work/shared/peers/ironic';

function readPid(dir: string, name: string): number | null {
  const f = join(dir, 'run', `${name}.pid`);
  if (!existsSync(f)) return null;
  const pid = Number(readFileSync(f, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * Starts Ironic through the harness scripts: `setup.sh` (idempotent; with a fresh SQLite database when no
 * one else is running it), then `start.sh`. If the harness is already running (another session), it is
 * used as is and left running.
 */
export async function startIronic(dir: string, log: (msg: string) => void): Promise<IronicHarness> {
  if (!existsSync(join(dir, 'start.sh'))) throw new Error(`no Ironic harness at ${dir}`);
  const env = { ...process.env, PATH: `/usr/bin:/bin:/usr/sbin:/sbin:${process.env.PATH ?? ''}` };
  const running = readPid(dir, 'api') !== null && readPid(dir, 'conductor') !== null;
  const stale = existsSync(join(dir, 'run')) && readdirSync(join(dir, 'run')).some((f) => f.endsWith('.pid'));
  if (!running) {
    if (stale) await runBounded(join(dir, 'stop.sh'), [], { cwd: dir, env, timeoutMs: 60_000 });
    log('ironic: setup.sh (fresh SQLite database)');
    const setup = await runBounded(join(dir, 'setup.sh'), [], {
      cwd: dir,
      env: { ...env, RESET_DB: '1' },
      timeoutMs: 15 * 60_000,
    });
    if (setup.exitCode !== 0) throw new Error(`ironic setup.sh failed: ${setup.stdout}${setup.stderr}`);
    const start = await runBounded(join(dir, 'start.sh'), [], { cwd: dir, env, timeoutMs: 120_000 });
    if (start.exitCode !== 0) throw new Error(`ironic start.sh failed: ${start.stdout}${start.stderr}`);
    log(`ironic: ${start.stdout.trim().split('\n').pop() ?? 'started'}`);
  } else {
    log('ironic: harness already running (another session): using it as is, not stopping it');
  }
  const api = readPid(dir, 'api');
  const conductor = readPid(dir, 'conductor');
  if (api === null || conductor === null) throw new Error('ironic: pid files missing after start.sh');
  const port = process.env.IRONIC_API_PORT ?? '16385';
  const host = process.env.IRONIC_API_HOST ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    pids: { api, conductor },
    startedHere: !running,
    async stop() {
      if (running) return;
      const r = await runBounded(join(dir, 'stop.sh'), [], { cwd: dir, env, timeoutMs: 60_000 });
      log(`ironic: ${r.stdout.trim().replace(/\n/g, '; ')}`);
    },
  };
}
