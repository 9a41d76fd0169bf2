import { access, copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { FirmwareBootMode } from '../config.js';
import { ImageBuildError } from '../errors.js';
import { linkOrCopyAtomic } from '../fs/atomic.js';
import { runTool } from './run-tool.js';
import { renderIsoGrubConfig, renderIsolinuxConfig } from './templates.js';

/** Options of {@link buildBootIso}. @public */
export interface BootIsoOptions {
  /** Kernel file. */
  kernel: string;
  /** Ramdisk file. */
  ramdisk: string;
  /** Kernel command line (already rendered, e.g. by {@link renderKernelParams}). */
  kernelParams: string;
  /** Where to write the ISO (atomically). */
  output: string;
  /**
   * Firmware the ISO must boot on. `uefi` (and `both`) build a GRUB hybrid ISO with
   * `grub-mkrescue` (BIOS + UEFI); `bios` builds a smaller, faster ISOLINUX ISO
   * with `xorriso` when ISOLINUX is installed, else the GRUB one. Default `both`.
   */
  bootMode?: FirmwareBootMode | 'both';
  /** Volume label. Default `FERRIC`. */
  label?: string;
  /** Where ISOLINUX's `isolinux.bin` and `ldlinux.c32` are looked up. */
  isolinuxDirs?: readonly string[];
}

const DEFAULT_ISOLINUX_DIRS = ['/usr/lib/ISOLINUX', '/usr/lib/syslinux/modules/bios', '/usr/lib/syslinux'];

async function findFile(name: string, dirs: readonly string[]): Promise<string | null> {
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      await access(path);
      return path;
    } catch {
      // next
    }
  }
  return null;
}

/**
 * Build a bootable ISO holding `kernel`, `ramdisk` and a boot menu passing
 * `kernelParams` — what virtual-media boot inserts through the BMC. Uses
 * Debian's `grub-mkrescue` (+ `xorriso`, `mtools`, `grub-pc-bin`,
 * `grub-efi-amd64-bin`) or `xorriso` + `isolinux`.
 * @throws {@link ImageBuildError} when a tool is missing or fails.
 * @public
 */
export async function buildBootIso(options: BootIsoOptions): Promise<void> {
  const mode = options.bootMode ?? 'both';
  const label = (options.label ?? 'FERRIC')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .slice(0, 32);
  const dirs = options.isolinuxDirs ?? DEFAULT_ISOLINUX_DIRS;
  const isolinux = mode === 'bios' ? await findFile('isolinux.bin', dirs) : null;
  const ldlinux = isolinux ? await findFile('ldlinux.c32', dirs) : null;
  const work = await mkdtemp(join(tmpdir(), 'ferric-iso-'));
  const temp = join(dirname(options.output), `.${basename(options.output)}.${process.pid}.tmp`);
  try {
    const tree = join(work, 'tree');
    await mkdir(tree, { recursive: true });
    await linkOrCopyAtomic(options.kernel, join(tree, 'vmlinuz'));
    await linkOrCopyAtomic(options.ramdisk, join(tree, 'initrd'));
    await mkdir(dirname(options.output), { recursive: true });
    if (isolinux && ldlinux) {
      await mkdir(join(tree, 'isolinux'));
      await copyFile(isolinux, join(tree, 'isolinux', 'isolinux.bin'));
      await copyFile(ldlinux, join(tree, 'isolinux', 'ldlinux.c32'));
      await writeFile(join(tree, 'isolinux', 'isolinux.cfg'), renderIsolinuxConfig(options.kernelParams));
      await runTool('xorriso', [
        '-as',
        'mkisofs',
        '-quiet',
        '-o',
        temp,
        '-V',
        label,
        '-J',
        '-R',
        '-b',
        'isolinux/isolinux.bin',
        '-c',
        'isolinux/boot.cat',
        '-no-emul-boot',
        '-boot-load-size',
        '4',
        '-boot-info-table',
        tree,
      ]);
    } else {
      await mkdir(join(tree, 'boot', 'grub'), { recursive: true });
      await writeFile(join(tree, 'boot', 'grub', 'grub.cfg'), renderIsoGrubConfig(options.kernelParams));
      await runTool('grub-mkrescue', ['-o', temp, tree, '--', '-volid', label], 300_000);
    }
    await rename(temp, options.output);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof ImageBuildError) throw error;
    throw new ImageBuildError(`Building ${options.output} failed: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
