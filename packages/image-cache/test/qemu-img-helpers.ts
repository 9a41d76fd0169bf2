import { execFileSync, spawnSync } from 'node:child_process';

/** True when Debian's qemu-utils is installed; tests that need it skip with a message otherwise. */
export const hasQemuImg = spawnSync('qemu-img', ['--version']).status === 0;
if (!hasQemuImg) console.warn('skipping qemu-img tests: apt-get install qemu-utils');

/** Run qemu-img (test helper; throws on failure). */
export function qemuImg(...args: string[]): void {
  execFileSync('qemu-img', args, { stdio: 'pipe' });
}
