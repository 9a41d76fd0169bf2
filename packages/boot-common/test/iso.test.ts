import { execFile } from 'node:child_process';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { missingPeers } from '../../../test-support/peers.js';
import {
  buildBootIso,
  buildParameterImage,
  ImageBuildError,
  renderIsoGrubConfig,
  renderIsolinuxConfig,
  renderParametersFile,
} from '../src/index.js';

const run = promisify(execFile);

describe('ISO and parameter image', () => {
  it('renders the boot menus', () => {
    expect(renderIsoGrubConfig('a=b')).toContain('linux /vmlinuz a=b\n  initrd /initrd');
    expect(renderIsoGrubConfig('a=b')).toContain('set timeout=0');
    expect(renderIsolinuxConfig('a=b')).toContain('APPEND initrd=/initrd a=b');
    expect(renderParametersFile({ a: '1', b: 'x y' })).toBe('a=1\nb=x y\n');
  });

  const missing = missingPeers(
    'xorriso',
    'grub-mkrescue',
    'grub-bios',
    'grub-efi',
    'mtools',
    'isolinux',
    'syslinux-modules',
    'mkfs.fat',
  );
  it.skipIf(missing)(
    'builds BIOS (ISOLINUX) and hybrid (GRUB) ISOs and a parameter floppy',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ferric-iso-'));
      await writeFile(join(dir, 'k'), 'kernel');
      await writeFile(join(dir, 'r'), 'ramdisk');
      for (const bootMode of ['bios', 'both'] as const) {
        const output = join(dir, `${bootMode}.iso`);
        await buildBootIso({
          kernel: join(dir, 'k'),
          ramdisk: join(dir, 'r'),
          kernelParams: 'x=1',
          output,
          bootMode,
        });
        const { stdout } = await run('xorriso', ['-indev', output, '-find', '/', '-type', 'f'], {
          encoding: 'utf8',
        });
        expect(stdout).toContain("'/vmlinuz'");
        expect(stdout).toContain(bootMode === 'bios' ? "'/isolinux/isolinux.cfg'" : "'/boot/grub/grub.cfg'");
      }
      const floppy = join(dir, 'params.img');
      await buildParameterImage({ params: { 'ipa-api-url': 'http://x' }, output: floppy });
      expect((await stat(floppy)).size).toBe(1440 * 1024);
      const { stdout } = await run('mtype', ['-i', floppy, '::parameters.txt'], { encoding: 'utf8' });
      expect(stdout).toBe('ipa-api-url=http://x\n');
      await expect(
        buildBootIso({
          kernel: join(dir, 'missing'),
          ramdisk: join(dir, 'r'),
          kernelParams: '',
          output: join(dir, 'x.iso'),
        }),
      ).rejects.toBeInstanceOf(ImageBuildError);
    },
    120_000,
  );
});
