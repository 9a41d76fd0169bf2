import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  getBootConfig,
  type KernelAndRamdisk,
  publishNodeFiles,
  pxeMacs,
  resolveInsideLexically,
  unpublishNodeFiles,
  writeFileAtomic,
} from '@ferric/boot-common';
import type { Task } from '@ferric/core';
import { getIpxeConfig } from './ipxe-config.js';
import { IpxeLayout } from './layout.js';
import { ipxeNodeMarker, renderBootScript, renderNodeScript } from './templates.js';

/** Write `boot.ipxe` at the HTTP root (atomically; rewritten so configuration changes apply). @public */
export async function writeBootScript(): Promise<void> {
  await writeFileAtomic(
    resolveInsideLexically(getBootConfig().httpRoot, IpxeLayout.bootScript),
    renderBootScript(getIpxeConfig()),
  );
}

/**
 * Publish `images` and a script booting them with `kernelParams` for the node:
 * images under `<uuid>/<prefix>kernel|ramdisk`, the script as `<uuid>/config` and
 * as `pxelinux.cfg/<mac>` per PXE-enabled port. Returns the script.
 * @public
 */
export async function publishIpxeBoot(
  task: Task,
  images: KernelAndRamdisk,
  prefix: string,
  kernelParams: string,
): Promise<string> {
  const urls = await publishNodeFiles(task, {
    [`${prefix}kernel`]: { source: images.kernel },
    [`${prefix}ramdisk`]: { source: images.ramdisk },
  });
  const script = renderNodeScript(
    task.node.uuid,
    { kernelUrl: urls[`${prefix}kernel`]!, ramdiskUrl: urls[`${prefix}ramdisk`]!, kernelParams },
    getIpxeConfig(),
  );
  await publishNodeFiles(task, { [IpxeLayout.nodeScript]: { content: script } });
  await writeBootScript();
  const root = getBootConfig().httpRoot;
  const wanted = pxeMacs(task).map((mac) => IpxeLayout.macScript(mac));
  for (const file of wanted) await writeFileAtomic(resolveInsideLexically(root, file), script);
  const stale = (await findMacScripts(root, task.node.uuid)).filter((file) => !wanted.includes(file));
  await Promise.all(stale.map((file) => rm(resolveInsideLexically(root, file), { force: true })));
  return script;
}

/** Per-MAC scripts (HTTP-root-relative) of node `uuid`, found by their marker line. @public */
export async function findMacScripts(root: string, uuid: string): Promise<string[]> {
  const marker = ipxeNodeMarker(uuid);
  let names: string[];
  try {
    names = await readdir(join(root, IpxeLayout.macScriptDir));
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const name of names) {
    const path = join(root, IpxeLayout.macScriptDir, name);
    try {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(160);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        if (buffer.toString('utf8', 0, bytesRead).split('\n')[1] === marker) {
          found.push(`${IpxeLayout.macScriptDir}/${name}`);
        }
      } finally {
        await handle.close();
      }
    } catch {
      // vanished meanwhile
    }
  }
  return found;
}

/** Remove the node's per-MAC scripts and everything published under `<uuid>/`. @public */
export async function removeIpxeBoot(task: Task): Promise<void> {
  const root = getBootConfig().httpRoot;
  const files = await findMacScripts(root, task.node.uuid);
  await Promise.all(files.map((file) => rm(resolveInsideLexically(root, file), { force: true })));
  await unpublishNodeFiles(task);
}
