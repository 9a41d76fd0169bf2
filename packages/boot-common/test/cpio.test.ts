import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeCpio as fromRoot } from '../src/index.js';
import { type CpioEntry, writeCpio } from '../src/initramfs/index.js';
import { writeCpio as fromTesting } from '../src/testing/index.js';

interface Parsed {
  name: string;
  ino: number;
  mode: number;
  size: number;
  data: string;
  headerAt: number;
}

/** Reads a `newc` archive back, checking the 4-byte alignment the kernel's unpacker insists on. */
function parse(archive: Buffer): Parsed[] {
  const out: Parsed[] = [];
  let at = 0;
  for (;;) {
    const headerAt = at;
    expect(archive.toString('ascii', at, at + 6)).toBe('070701');
    const field = (i: number) =>
      Number.parseInt(archive.toString('ascii', at + 6 + i * 8, at + 14 + i * 8), 16);
    const [ino, mode, size, nameSize] = [field(0), field(1), field(6), field(11)];
    const nameAt = at + 110;
    const name = archive.toString('utf8', nameAt, nameAt + nameSize - 1);
    expect(archive[nameAt + nameSize - 1]).toBe(0);
    const dataAt = Math.ceil((nameAt + nameSize) / 4) * 4;
    out.push({ name, ino, mode, size, data: archive.toString('utf8', dataAt, dataAt + size), headerAt });
    at = Math.ceil((dataAt + size) / 4) * 4;
    if (name === 'TRAILER!!!') {
      expect(at).toBe(archive.length);
      return out;
    }
  }
}

const ENTRIES: CpioEntry[] = [
  { path: '/bin', type: 'dir' },
  { path: 'bin/busybox', type: 'file', data: new Uint8Array([1, 2, 3]), mode: 0o755 },
  { path: 'bin/sh', type: 'symlink', target: 'busybox' },
  { path: 'tmp', type: 'dir', mode: 0o1777 },
  { path: 'init', type: 'file', data: '#!/bin/sh\n' },
];

describe('writeCpio', () => {
  it('writes directories, files and symbolic links as newc entries, then the trailer', () => {
    const entries = parse(writeCpio(ENTRIES));
    expect(entries.map(({ name, ino, mode, size }) => ({ name, ino, mode: mode.toString(8), size }))).toEqual(
      [
        { name: 'bin', ino: 1, mode: '40755', size: 0 },
        { name: 'bin/busybox', ino: 2, mode: '100755', size: 3 },
        { name: 'bin/sh', ino: 3, mode: '120777', size: 7 },
        { name: 'tmp', ino: 4, mode: '41777', size: 0 },
        { name: 'init', ino: 5, mode: '100644', size: 10 },
        { name: 'TRAILER!!!', ino: 6, mode: '0', size: 0 },
      ],
    );
    expect(entries[2]?.data).toBe('busybox');
    expect(entries[4]?.data).toBe('#!/bin/sh\n');
    for (const e of entries) expect(e.headerAt % 4).toBe(0);
  });

  it('is byte-for-byte reproducible (the agent ramdisk’s sha256 depends on it)', () => {
    const sha = createHash('sha256').update(writeCpio(ENTRIES)).digest('hex');
    expect(sha).toBe(createHash('sha256').update(writeCpio(ENTRIES)).digest('hex'));
    // The bytes both former copies (agent builder, test ramdisks) wrote for these entries.
    expect(sha).toBe('71958627658b29eaeacfe0b0cce668844388fba5a4a9386cd698b65c5734577c');
  });

  it('is one writer behind every entry point', () => {
    expect(fromRoot).toBe(writeCpio);
    expect(fromTesting).toBe(writeCpio);
  });
});
