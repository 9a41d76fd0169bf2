import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type AgentRamdisk, buildAgentRamdisk, writeCpio } from '@ferric/agent';
import { renderIsolinuxConfig } from '@ferric/boot-common';
import { testCacheDir, testKernel } from '@ferric/boot-common/testing';
import { exec } from './net.js';

/** Marker the instance prints on the serial console once it booted from the disk. */
export const INSTANCE_MARKER = 'FERRIC-INSTANCE: booted';

const INSTANCE_INIT = `#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev
/bin/busybox mount -t proc proc /proc
echo "${INSTANCE_MARKER}: $(/bin/busybox cat /proc/cmdline)"
while :; do /bin/busybox sleep 3600; done
`;

/** The agent ramdisk (Debian cloud kernel + busybox agent), built with Ferric's builder. */
export async function e2eAgentRamdisk(): Promise<AgentRamdisk> {
  const kernel = await testKernel();
  return buildAgentRamdisk({
    outDir: join(testCacheDir(), 'e2e-agent'),
    kernelRoot: join(kernel.modulesDir, '..', '..', '..'),
  });
}

/** A bootable whole-disk instance image (an isohybrid ISOLINUX ISO: boots as a disk), ≤ 32 MiB. */
export interface InstanceImage {
  path: string;
  /** The instance kernel and initramfs inside it (for the `ramdisk` deploy). */
  kernel: string;
  initrd: string;
  sha256: string;
  size: number;
}

export async function e2eInstanceImage(): Promise<InstanceImage> {
  const dir = join(testCacheDir(), 'e2e-instance');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'instance.raw');
  const kernel = await testKernel();
  const initrd = join(dir, 'instance-initrd.gz');
  if (!existsSync(path) || !existsSync(initrd)) {
    await writeFile(
      initrd,
      gzipSync(
        writeCpio([
          { path: 'bin', type: 'dir' },
          { path: 'bin/busybox', type: 'file', data: await readFile('/bin/busybox'), mode: 0o755 },
          { path: 'init', type: 'file', data: INSTANCE_INIT, mode: 0o755 },
        ]),
      ),
    );
    // ISOLINUX with the isohybrid MBR: the same bytes boot as CD or as disk (a GRUB BIOS+UEFI
    // rescue image would exceed 32 MiB with this kernel).
    const tree = join(dir, 'tree');
    await rm(tree, { recursive: true, force: true });
    await mkdir(join(tree, 'isolinux'), { recursive: true });
    await copyFile(kernel.kernel, join(tree, 'vmlinuz'));
    await copyFile(initrd, join(tree, 'initrd'));
    await copyFile('/usr/lib/ISOLINUX/isolinux.bin', join(tree, 'isolinux', 'isolinux.bin'));
    await copyFile('/usr/lib/syslinux/modules/bios/ldlinux.c32', join(tree, 'isolinux', 'ldlinux.c32'));
    await writeFile(
      join(tree, 'isolinux', 'isolinux.cfg'),
      renderIsolinuxConfig('console=ttyS0 ferric_instance=e2e'),
    );
    await exec(
      'xorriso',
      [
        '-as',
        'mkisofs',
        '-quiet',
        '-o',
        `${path}.tmp`,
        '-V',
        'FERRIC_INSTANCE',
        '-J',
        '-R',
        '-isohybrid-mbr',
        '/usr/lib/ISOLINUX/isohdpfx.bin',
        '-b',
        'isolinux/isolinux.bin',
        '-c',
        'isolinux/boot.cat',
        '-no-emul-boot',
        '-boot-load-size',
        '4',
        '-boot-info-table',
        tree,
      ],
      { env: { ...process.env, SOURCE_DATE_EPOCH: '0' } },
    );
    await rename(`${path}.tmp`, path);
    await rm(tree, { recursive: true, force: true });
  }
  const data = await readFile(path);
  const { size } = await stat(path);
  if (size > 32 * 1024 * 1024) throw new Error(`instance image is ${size} bytes, more than 32 MiB`);
  return {
    path,
    kernel: kernel.kernel,
    initrd,
    size,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}
