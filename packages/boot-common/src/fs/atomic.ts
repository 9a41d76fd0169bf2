import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Write `data` to `path` atomically: write a temporary file beside it, then
 * rename over the target, so readers (firmware fetching over TFTP/HTTP) never see
 * a half-written file. Creates missing parent directories.
 * @public
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempNameFor(path);
  try {
    await writeFile(temp, data, { mode });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Make `target` a copy of `source` atomically, as a hard link when both are on
 * one file system (no extra space: Ironic's master-image cache does the same),
 * else as a copy.
 * @public
 */
export async function linkOrCopyAtomic(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempNameFor(target);
  try {
    try {
      await link(source, temp);
    } catch {
      await copyFile(source, temp);
    }
    await rename(temp, target);
    // rename() is a no-op when temp and target are already links to one inode.
    await rm(temp, { force: true });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
