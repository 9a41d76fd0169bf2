import { describe, expect, it } from 'vitest';
import {
  assertDigest,
  checksumSourceFromInstanceInfo,
  digestFromChecksumFile,
  ImageChecksumError,
  parseDigest,
} from '../src/index.js';

const SHA256 = 'a'.repeat(64);
const SHA512 = 'b'.repeat(128);

describe('checksums as Ironic reads them from instance_info', () => {
  it('prefers image_os_hash_algo/value, then the legacy image_checksum', () => {
    expect(
      checksumSourceFromInstanceInfo({
        image_os_hash_algo: 'sha512',
        image_os_hash_value: SHA512,
        image_checksum: SHA256,
      }),
    ).toEqual({ kind: 'digest', checksum: { algorithm: 'sha512', value: SHA512 } });
    expect(checksumSourceFromInstanceInfo({ image_checksum: SHA256 })).toEqual({
      kind: 'digest',
      checksum: { algorithm: 'sha256', value: SHA256 },
    });
    expect(checksumSourceFromInstanceInfo({})).toBeUndefined();
  });

  it('takes a checksum-file URL in either field', () => {
    expect(checksumSourceFromInstanceInfo({ image_checksum: 'http://h/SHA256SUMS' })).toEqual({
      kind: 'url',
      url: 'http://h/SHA256SUMS',
    });
    expect(
      checksumSourceFromInstanceInfo({ image_os_hash_algo: 'sha256', image_os_hash_value: 'https://h/sums' }),
    ).toEqual({ kind: 'url', url: 'https://h/sums', algorithm: 'sha256' });
  });

  it('refuses md5 unless allowed, unknown algorithms and malformed digests', () => {
    const md5 = 'c'.repeat(32);
    expect(() => checksumSourceFromInstanceInfo({ image_checksum: md5 })).toThrow(
      /md5 image checksums are disabled/,
    );
    expect(checksumSourceFromInstanceInfo({ image_checksum: md5 }, { allowMd5: true })).toMatchObject({
      checksum: { algorithm: 'md5' },
    });
    expect(() =>
      checksumSourceFromInstanceInfo({ image_os_hash_algo: 'crc32', image_os_hash_value: SHA256 }),
    ).toThrow(ImageChecksumError);
    expect(() => parseDigest('not-hex')).toThrow(/not a hex digest/);
    expect(() => parseDigest('abc')).toThrow(/Cannot tell the algorithm/);
    expect(() => parseDigest(SHA256, 'sha512')).toThrow(/not a sha512 digest/);
    expect(parseDigest(`sha512:${SHA512.toUpperCase()}`)).toEqual({ algorithm: 'sha512', value: SHA512 });
  });
});

describe('checksum files', () => {
  const url = 'http://images.example/debian/debian-12-generic-amd64.qcow2';

  it('finds the image in SHA256SUMS and BSD-style lines', () => {
    const gnu = `${'1'.repeat(64)}  other.qcow2\n${SHA256} *debian-12-generic-amd64.qcow2\n`;
    expect(digestFromChecksumFile(gnu, url, 'sha256').value).toBe(SHA256);
    const bsd = `SHA512 (debian-12-generic-amd64.qcow2) = ${SHA512}\n`;
    expect(digestFromChecksumFile(bsd, url)).toEqual({ algorithm: 'sha512', value: SHA512 });
  });

  it('applies a lone digest to any image and refuses a file that does not list it', () => {
    expect(digestFromChecksumFile(`${SHA256}\n`, url).value).toBe(SHA256);
    expect(() => digestFromChecksumFile(`${SHA256}  other.qcow2\n`, url)).toThrow(/does not list/);
  });

  it('names both digests on a mismatch', () => {
    expect(() => assertDigest('f'.repeat(64), { algorithm: 'sha256', value: SHA256 })).toThrow(
      /sha256 is f{64}, expected a{64}/,
    );
  });
});
