import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qemuCommand } from '../src/testing/index.js';

// runQemu and the agent's interactive VMs start QEMU through this one command; QEMU itself is not
// needed to check it.
const COMMON = ['-accel', 'tcg', '-m', '512', '-smp', '1', '-nographic', '-monitor', 'none'];
const CONSOLE = ['-serial', 'stdio', '-no-reboot'];

describe('qemuCommand', () => {
  it('runs QEMU under the shared flock lock and a bounded timeout by default', () => {
    expect(qemuCommand({ args: ['-kernel', 'k'] })).toEqual({
      command: 'flock',
      args: [
        join(tmpdir(), 'ferric-boot-qemu.lock'),
        'timeout',
        '--kill-after=5',
        '120',
        'qemu-system-x86_64',
        ...COMMON,
        ...CONSOLE,
        '-kernel',
        'k',
      ],
    });
  });

  it('takes another lock, no lock, another bound and another binary', () => {
    expect(qemuCommand({ args: [], lockFile: '/tmp/l', timeoutSeconds: 30 }).args.slice(0, 4)).toEqual([
      '/tmp/l',
      'timeout',
      '--kill-after=5',
      '30',
    ]);
    expect(qemuCommand({ args: ['-x'], lockFile: null, binary: 'qemu-system-aarch64' })).toEqual({
      command: 'timeout',
      args: ['--kill-after=5', '120', 'qemu-system-aarch64', ...COMMON, ...CONSOLE, '-x'],
    });
  });
});
