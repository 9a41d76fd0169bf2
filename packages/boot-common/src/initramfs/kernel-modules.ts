import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The virtio modules a Debian cloud kernel needs in a QEMU/KVM guest (network, disk, PCI transport),
 * in load order (qemu-e2e.md). `failover`/`net_failover` and the `virtio_pci_*_dev` split exist only
 * on newer kernels. The agent ramdisk and the test ramdisks load the same list.
 * @public
 */
export const VIRTIO_MODULES = [
  'virtio_ring',
  'virtio',
  'failover',
  'net_failover',
  'virtio_net',
  'virtio_blk',
  'virtio_pci_modern_dev',
  'virtio_pci_legacy_dev',
  'virtio_pci',
] as const;

/**
 * The uncompressed module `name` below an unpacked kernel's module tree, or `null`. The file may spell
 * the name with `-` for `_` (`virtio-blk.ko`); when several match, the first path in sort order wins,
 * so the same tree always gives the same pick (the agent ramdisk is reproducible).
 * @public
 */
export async function findKernelModule(modulesDir: string, name: string): Promise<string | null> {
  const wanted = new Set([`${name}.ko`, `${name.replace(/_/g, '-')}.ko`]);
  const entries = await readdir(modulesDir, { withFileTypes: true, recursive: true });
  const hits = entries
    .filter((e) => e.isFile() && wanted.has(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return hits[0] ?? null;
}
