import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findKernelModule, VIRTIO_MODULES } from '../src/initramfs/index.js';
import { VIRTIO_MODULES as fromTesting } from '../src/testing/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function modulesTree(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'ferric-modules-'));
  dirs.push(root);
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  return root;
}

describe('findKernelModule', () => {
  it('finds a module anywhere below the tree, spelled with _ or -', async () => {
    const root = modulesTree(['kernel/drivers/net/virtio_net.ko', 'kernel/drivers/block/virtio-blk.ko']);
    expect(await findKernelModule(root, 'virtio_net')).toBe(join(root, 'kernel/drivers/net/virtio_net.ko'));
    expect(await findKernelModule(root, 'virtio_blk')).toBe(join(root, 'kernel/drivers/block/virtio-blk.ko'));
  });

  it('picks the first path in sort order when several match, and null when none does', async () => {
    const root = modulesTree(['updates/virtio.ko', 'kernel/virtio.ko', 'kernel/virtio_ring.ko.xz']);
    expect(await findKernelModule(root, 'virtio')).toBe(join(root, 'kernel/virtio.ko'));
    // Compressed modules are not loadable by busybox insmod: not found.
    expect(await findKernelModule(root, 'virtio_ring')).toBeNull();
  });

  it('shares its module list with the test ramdisks', () => {
    expect(fromTesting).toBe(VIRTIO_MODULES);
    expect(VIRTIO_MODULES).toContain('virtio_pci');
  });
});
