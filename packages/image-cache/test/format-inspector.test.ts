import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertSafeImage, ImageUnacceptable, inspectImageFile, inspectImageHeader } from '../src/index.js';
import { hasQemuImg, qemuImg } from './qemu-img-helpers.js';

describe.skipIf(!hasQemuImg)('format inspection of images made by the real qemu-img', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferric-inspect-'));
  const raw = join(dir, 'disk.raw');
  writeFileSync(raw, Buffer.alloc(4 * 1024 * 1024, 0xab));

  it('tells each format qemu-img writes from its headers', async () => {
    const cases: [string, string][] = [
      ['qcow2', 'qcow2'],
      ['vmdk', 'vmdk'],
      ['vpc', 'vhd'],
      ['vhdx', 'vhdx'],
      ['vdi', 'vdi'],
    ];
    for (const [qemuFormat, expected] of cases) {
      const file = join(dir, `disk.${qemuFormat}`);
      qemuImg('convert', '-f', 'raw', '-O', qemuFormat, raw, file);
      expect((await inspectImageFile(file)).format, qemuFormat).toBe(expected);
    }
    expect((await inspectImageFile(raw)).format).toBe('raw');
  });

  it('reads a self-contained qcow2 as safe, with its virtual size', async () => {
    const file = join(dir, 'plain.qcow2');
    qemuImg('convert', '-f', 'raw', '-O', 'qcow2', raw, file);
    const info = await inspectImageFile(file);
    expect(info).toMatchObject({ format: 'qcow2', virtualSize: 4 * 1024 * 1024, backingFile: false });
    expect(() => assertSafeImage(info, 'qcow2')).not.toThrow();
  });

  it('refuses a qcow2 with a backing file', async () => {
    const file = join(dir, 'overlay.qcow2');
    qemuImg('create', '-f', 'qcow2', '-b', raw, '-F', 'raw', file);
    const info = await inspectImageFile(file);
    expect(info.backingFile).toBe(true);
    expect(() => assertSafeImage(info)).toThrow(/backing file/);
  });

  it('refuses a qcow2 with an external data file', async () => {
    const file = join(dir, 'datafile.qcow2');
    qemuImg('create', '-f', 'qcow2', '-o', `data_file=${join(dir, 'data.bin')}`, file, '1M');
    const info = await inspectImageFile(file);
    expect(info.externalDataFile).toBe(true);
    expect(() => assertSafeImage(info)).toThrow(/external data file/);
  });

  it('refuses a format that lies about itself and formats Ferric does not deploy', async () => {
    const file = join(dir, 'liar.img');
    qemuImg('convert', '-f', 'raw', '-O', 'qcow2', raw, file);
    const info = await inspectImageFile(file);
    expect(() => assertSafeImage(info, 'raw')).toThrow(ImageUnacceptable);
    expect(() => assertSafeImage(info, 'raw')).toThrow(/declared as 'raw'.*content is 'qcow2'/);
    expect(() => assertSafeImage({ format: 'raw' }, 'qcow2')).toThrow(/declared as 'qcow2'/);
    expect(() => assertSafeImage({ format: 'vmdk' })).toThrow(/raw and qcow2/);
  });
});

describe('format inspection of headers', () => {
  it('finds an ISO 9660 volume descriptor', () => {
    const head = Buffer.alloc(64 * 1024);
    head.write('CD001', 0x8001, 'latin1');
    expect(inspectImageHeader(head).format).toBe('iso');
  });

  it('reads a short or empty file as raw', () => {
    expect(inspectImageHeader(Buffer.alloc(0)).format).toBe('raw');
    expect(inspectImageHeader(Buffer.from('hello')).format).toBe('raw');
  });

  it('marks a truncated qcow2 header as not understood', () => {
    const info = inspectImageHeader(Buffer.from([0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 3]));
    expect(() => assertSafeImage(info)).toThrow(/does not know/);
  });
});
