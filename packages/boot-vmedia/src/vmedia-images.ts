import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildBootIso,
  buildParameterImage,
  type FirmwareBootMode,
  getBootConfig,
  type KernelAndRamdisk,
  publishNodeFiles,
  resolveInsideLexically,
  stageImage,
} from '@ferric/boot-common';
import type { RamdiskParams, Task } from '@ferric/core';

/**
 * Where `redfish-virtual-media` puts things: a private work directory
 * `<dataDir>/vmedia/<uuid>/` while building, then, under the HTTP root and a
 * lease, `<uuid>/boot-<kind>.iso` (and `<uuid>/parameters.img` when the
 * parameters go on a virtual floppy). BMCs fetch them from `httpUrl`.
 * @public
 */
export const VmediaLayout = {
  isoName: (kind: string): string => `boot-${kind}.iso`,
  parameterImageName: 'parameters.img',
  workDir: (uuid: string): string => resolveInsideLexically(join(getBootConfig().dataDir, 'vmedia'), uuid),
} as const;

/**
 * Build a boot ISO of `images` with `kernelParams` for the node and publish it;
 * returns its URL.
 * @public
 */
export async function publishBootIso(
  task: Task,
  images: KernelAndRamdisk,
  kind: string,
  kernelParams: string,
  bootMode: FirmwareBootMode,
): Promise<string> {
  const work = VmediaLayout.workDir(task.node.uuid);
  await mkdir(work, { recursive: true });
  try {
    const kernel = join(work, 'kernel');
    const ramdisk = join(work, 'ramdisk');
    await Promise.all([stageImage(images.kernel, kernel), stageImage(images.ramdisk, ramdisk)]);
    const iso = join(work, 'boot.iso');
    await buildBootIso({ kernel, ramdisk, kernelParams, output: iso, bootMode });
    const name = VmediaLayout.isoName(kind);
    const urls = await publishNodeFiles(task, { [name]: { source: iso } });
    return urls[name]!;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Build and publish the parameter floppy (`parameters.txt`); returns its URL. @public */
export async function publishParameterImage(task: Task, params: RamdiskParams): Promise<string> {
  const work = VmediaLayout.workDir(task.node.uuid);
  await mkdir(work, { recursive: true });
  try {
    const output = join(work, VmediaLayout.parameterImageName);
    await buildParameterImage({ params, output });
    const urls = await publishNodeFiles(task, { [VmediaLayout.parameterImageName]: { source: output } });
    return urls[VmediaLayout.parameterImageName]!;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
