import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type FirmwareBootMode,
  getBootConfig,
  type KernelAndRamdisk,
  pxeMacs,
  stageImage,
  writeFileAtomic,
} from '@ferric/boot-common';
import type { Task } from '@ferric/core';
import { renderGrubConfig } from './grub-template.js';
import { nodeMarker, PxeLayout, tftpPath } from './layout.js';
import { type PxeTarget, renderPxelinuxConfig } from './pxelinux-template.js';

/** Render the config for `mode`. @public */
export function renderPxeConfig(mode: FirmwareBootMode, nodeUuid: string, target: PxeTarget): string {
  return mode === 'bios' ? renderPxelinuxConfig(nodeUuid, target) : renderGrubConfig(nodeUuid, target);
}

/**
 * Stage `images` as `<uuid>/<prefix>kernel` and `<uuid>/<prefix>ramdisk` in the
 * TFTP root; returns their TFTP paths.
 * @public
 */
export async function stageTftpImages(
  task: Task,
  images: KernelAndRamdisk,
  prefix: string,
): Promise<KernelAndRamdisk> {
  const root = getBootConfig().tftpRoot;
  const kernel = PxeLayout.nodeFile(task.node.uuid, `${prefix}kernel`);
  const ramdisk = PxeLayout.nodeFile(task.node.uuid, `${prefix}ramdisk`);
  await Promise.all([
    stageImage(images.kernel, tftpPath(root, kernel)),
    stageImage(images.ramdisk, tftpPath(root, ramdisk)),
  ]);
  return { kernel, ramdisk };
}

/**
 * Write the node's config to `<uuid>/config` and to the per-MAC file of every
 * PXE-enabled port (atomically), removing per-MAC files of the node that no
 * longer apply (a port removed, the boot mode changed).
 * @public
 */
export async function writePxeConfig(task: Task, mode: FirmwareBootMode, config: string): Promise<string[]> {
  const root = getBootConfig().tftpRoot;
  const uuid = task.node.uuid;
  await writeFileAtomic(tftpPath(root, PxeLayout.nodeFile(uuid, 'config')), config);
  const wanted = pxeMacs(task).map((mac) =>
    mode === 'bios' ? PxeLayout.pxelinuxMacConfig(mac) : PxeLayout.grubMacConfig(mac),
  );
  for (const file of wanted) await writeFileAtomic(tftpPath(root, file), config);
  const stale = (await findMacConfigs(root, uuid)).filter((file) => !wanted.includes(file));
  await Promise.all(stale.map((file) => rm(tftpPath(root, file), { force: true })));
  return wanted;
}

async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(128);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, bytesRead).split('\n', 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

/** Per-MAC config files (layout paths) that belong to node `uuid`, found by their marker line. @public */
export async function findMacConfigs(root: string, uuid: string): Promise<string[]> {
  const marker = `# ${nodeMarker(uuid)}`;
  const found: string[] = [];
  for (const dir of PxeLayout.macConfigDirs) {
    let names: string[];
    try {
      names = await readdir(join(root, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith('01-') && !name.startsWith('grub.cfg-01-')) continue;
      try {
        if ((await firstLine(join(root, dir, name))) === marker) found.push(`${dir}/${name}`);
      } catch {
        // vanished meanwhile
      }
    }
  }
  return found;
}

/** Remove the node's per-MAC configs and `<uuid>/config`. @public */
export async function removePxeConfig(task: Task): Promise<void> {
  const root = getBootConfig().tftpRoot;
  const files = await findMacConfigs(root, task.node.uuid);
  await Promise.all(files.map((file) => rm(tftpPath(root, file), { force: true })));
  await rm(tftpPath(root, PxeLayout.nodeFile(task.node.uuid, 'config')), { force: true });
}

/** Remove staged images whose names start with `prefix` (`deploy_`, `rescue_`, or `` for instance images). @public */
export async function removeTftpImages(task: Task, prefix: string): Promise<void> {
  const root = getBootConfig().tftpRoot;
  await Promise.all(
    ['kernel', 'ramdisk'].map((name) =>
      rm(tftpPath(root, PxeLayout.nodeFile(task.node.uuid, `${prefix}${name}`)), { force: true }),
    ),
  );
}

/** Remove everything of the node: configs, images, its directory. @public */
export async function removeAllPxeFiles(task: Task): Promise<void> {
  await removePxeConfig(task);
  await rm(tftpPath(getBootConfig().tftpRoot, PxeLayout.nodeDir(task.node.uuid)), {
    recursive: true,
    force: true,
  });
}
