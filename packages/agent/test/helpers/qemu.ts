import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { qemuAvailability, qemuCommand, testCacheDir } from '@ferric/boot-common/testing';
import { type AgentRamdisk, buildAgentRamdisk } from '../../src/builder/build-ramdisk.js';

/** Whether QEMU runs here (the boot tests' check: missing QEMU throws under `CI`). */
export function qemuAvailable(): boolean {
  return qemuAvailability().available;
}

/** The agent ramdisk, built once per cache (reusing boot tests' unpacked cloud kernel when present). */
export async function testAgentRamdisk(): Promise<AgentRamdisk> {
  const cache = testCacheDir();
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
  // runQemu's command: serialised with the boot packages' QEMU tests under the same lock.
  const command = qemuCommand({ args, timeoutSeconds });
  const child: ChildProcess = spawn(command.command, command.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
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
