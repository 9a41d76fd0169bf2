import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentRamdisk, buildAgentRamdisk } from '../../src/builder/build-ramdisk.js';

export function qemuAvailable(): boolean {
  const ok = spawnSync('qemu-system-x86_64', ['--version']).status === 0;
  if (!ok && process.env.CI) throw new Error('qemu-system-x86_64 missing; CI must install qemu-system-x86');
  return ok;
}

/** The agent ramdisk, built once per cache (reusing boot tests' unpacked cloud kernel when present). */
export async function testAgentRamdisk(): Promise<AgentRamdisk> {
  const cache = process.env.FERRIC_BOOT_TEST_CACHE ?? join(tmpdir(), 'ferric-boot-cache');
  const shared = join(cache, 'kernel', 'root');
  return buildAgentRamdisk({
    outDir: join(cache, 'agent'),
    cacheDir: join(cache, 'agent-kernel'),
    ...(existsSync(join(shared, 'boot')) ? { kernelRoot: shared } : {}),
  });
}

export interface Vm {
  output(): string;
  exited: Promise<number | null>;
  kill(): void;
}

/** A TCG VM under `flock` + `timeout`, in its own process group. */
export function startVm(args: string[], timeoutSeconds = 120): Vm {
  let out = '';
  // Serialised with the boot packages' QEMU tests (same lock as @ferric/boot-common/testing's runQemu).
  const child: ChildProcess = spawn(
    'flock',
    [
      join(tmpdir(), 'ferric-boot-qemu.lock'),
      'timeout',
      '--kill-after=5',
      String(timeoutSeconds),
      'qemu-system-x86_64',
      '-accel',
      'tcg',
      '-m',
      '512',
      '-smp',
      '1',
      '-nographic',
      '-monitor',
      'none',
      '-serial',
      'stdio',
      '-no-reboot',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    output: () => out,
    exited,
    kill() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // gone
      }
    },
  };
}
