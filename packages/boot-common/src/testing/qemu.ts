import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether QEMU can run here, and what a test should do when it cannot. @public */
export interface QemuAvailability {
  available: boolean;
  /** Set when QEMU is missing: why, for `it.skipIf` messages. */
  reason: string | null;
}

/**
 * Check for `qemu-system-x86_64`. When it is missing and `CI` is set this
 * throws — CI must install it (Debian `qemu-system-x86`, `ipxe-qemu`), not skip.
 * @public
 */
export function qemuAvailability(binary = 'qemu-system-x86_64'): QemuAvailability {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return { available: true, reason: null };
  const reason = `${binary} is not installed (apt-get install qemu-system-x86 ipxe-qemu)`;
  if (process.env.CI) throw new Error(`${reason}; CI must provide it.`);
  return { available: false, reason };
}

/** Options of {@link runQemu}. @public */
export interface RunQemuOptions {
  /** Arguments after the common ones (`-accel tcg -m 512 -smp 1 -nographic -monitor none -serial stdio -no-reboot`). */
  args: readonly string[];
  /** Hard bound on the VM's life (passed to `timeout`). Default 120 s. */
  timeoutSeconds?: number;
  /** Stop the VM as soon as this returns true for the console output so far. */
  until?: (output: string) => boolean;
  binary?: string;
  /**
   * Lock file serialising VMs across test processes (one VM at a time on small
   * CI machines), taken with `flock`. Default `<tmp>/ferric-boot-qemu.lock`; `null` disables.
   */
  lockFile?: string | null;
}

/** What {@link runQemu} saw. @public */
export interface QemuResult {
  /** Serial console output (firmware, bootloader, kernel, init). */
  output: string;
  /** Exit code (124 = timed out) or null when stopped by `until`. */
  code: number | null;
}

/**
 * The command {@link runQemu} spawns: `flock <lockFile>` (unless `lockFile` is `null`), `timeout`,
 * then QEMU with the common arguments and `options.args`. Exported so that a test driving a VM while
 * it runs (the agent's) starts it the same way and under the same lock as the boot tests' VMs.
 * @public
 */
export function qemuCommand(options: Omit<RunQemuOptions, 'until'>): { command: string; args: string[] } {
  const lockFile =
    options.lockFile === undefined ? join(tmpdir(), 'ferric-boot-qemu.lock') : options.lockFile;
  const timeout = [
    '--kill-after=5',
    String(options.timeoutSeconds ?? 120),
    options.binary ?? 'qemu-system-x86_64',
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
    ...options.args,
  ];
  return lockFile
    ? { command: 'flock', args: [lockFile, 'timeout', ...timeout] }
    : { command: 'timeout', args: timeout };
}

/**
 * Boot a TCG VM under `timeout`, one at a time, capture its serial console and
 * stop it (by its own pid) when `until` matches or it powers off.
 * @public
 */
export function runQemu(options: RunQemuOptions): Promise<QemuResult> {
  const { command, args } = qemuCommand(options);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let stopped = false;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!stopped && options.until?.(output)) {
        stopped = true;
        // Our own process group: flock, timeout and qemu.
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ output, code: stopped ? null : code }));
  });
}
