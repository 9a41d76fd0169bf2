import { ImageChecksumError } from './errors.js';

/** Hash algorithms accepted for image checksums (Glance's `os_hash_algo` values, plus legacy md5). @public */
export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** An expected digest: algorithm and lower-case hex value. @public */
export interface ImageChecksum {
  readonly algorithm: HashAlgorithm;
  readonly value: string;
}

/**
 * Where an image's checksum comes from: a digest given inline, or a URL of a
 * checksum file (`SHA256SUMS`-style lines, or a file holding a single digest).
 * @public
 */
export type ChecksumSource =
  | { readonly kind: 'digest'; readonly checksum: ImageChecksum }
  | { readonly kind: 'url'; readonly url: string; readonly algorithm?: HashAlgorithm };

/** Options of {@link checksumSourceFromInstanceInfo}. @public */
export interface ChecksumPolicy {
  /** Accept md5 digests (Ironic's `[agent]allow_md5_checksum`, off by default since md5 is broken). */
  readonly allowMd5?: boolean;
}

const HEX_LENGTH: Readonly<Record<number, HashAlgorithm>> = {
  32: 'md5',
  40: 'sha1',
  64: 'sha256',
  128: 'sha512',
};
const ALGORITHMS: readonly HashAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha512'];

function isUrl(value: string): boolean {
  return /^(https?|file):\/\//i.test(value);
}

function parseAlgorithm(value: unknown, policy: ChecksumPolicy): HashAlgorithm {
  const algorithm = typeof value === 'string' ? value.toLowerCase() : '';
  if (!(ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new ImageChecksumError(
      `Unsupported image checksum algorithm '${String(value)}' (expected one of ${ALGORITHMS.join(', ')}).`,
    );
  }
  if (algorithm === 'md5' && !policy.allowMd5) {
    throw new ImageChecksumError(
      'md5 image checksums are disabled: give image_os_hash_algo sha256 or sha512 with image_os_hash_value.',
    );
  }
  return algorithm as HashAlgorithm;
}

/**
 * Read a hex digest, guessing the algorithm from its length when none is given
 * (Ironic's rule for the legacy `image_checksum`). `algo:value` is accepted too.
 * @throws {@link ImageChecksumError} for anything that is not a hex digest of a known length.
 * @public
 */
export function parseDigest(
  text: string,
  algorithm?: HashAlgorithm,
  policy: ChecksumPolicy = {},
): ImageChecksum {
  let value = text.trim().toLowerCase();
  let algo: HashAlgorithm | undefined = algorithm;
  const prefixed = /^([a-z0-9]+):([0-9a-f]+)$/.exec(value);
  if (prefixed?.[1] && prefixed[2]) {
    algo = parseAlgorithm(prefixed[1], policy);
    value = prefixed[2];
  }
  if (!/^[0-9a-f]+$/.test(value))
    throw new ImageChecksumError(`Image checksum '${text}' is not a hex digest.`);
  const byLength = HEX_LENGTH[value.length];
  if (algo === undefined) {
    if (byLength === undefined) {
      throw new ImageChecksumError(`Cannot tell the algorithm of a ${value.length}-digit image checksum.`);
    }
    algo = parseAlgorithm(byLength, policy);
  } else if (byLength !== algo) {
    throw new ImageChecksumError(
      `Image checksum has ${value.length} hex digits, which is not a ${algo} digest.`,
    );
  }
  return { algorithm: parseAlgorithm(algo, policy), value };
}

/**
 * The checksum an `instance_info` asks for, as Ironic reads it:
 * `image_os_hash_algo` + `image_os_hash_value` (a digest or a checksum-file URL)
 * first, then the legacy `image_checksum` (digest or URL). `undefined` when none
 * is given (allowed only for images the operator serves themselves).
 * @public
 */
export function checksumSourceFromInstanceInfo(
  instanceInfo: Readonly<Record<string, unknown>>,
  policy: ChecksumPolicy = {},
): ChecksumSource | undefined {
  const osValue = instanceInfo.image_os_hash_value;
  if (typeof osValue === 'string' && osValue.length > 0) {
    const algorithm = parseAlgorithm(instanceInfo.image_os_hash_algo ?? 'sha256', policy);
    if (isUrl(osValue)) return { kind: 'url', url: osValue, algorithm };
    return { kind: 'digest', checksum: parseDigest(osValue, algorithm, policy) };
  }
  const legacy = instanceInfo.image_checksum;
  if (typeof legacy === 'string' && legacy.length > 0) {
    if (isUrl(legacy)) return { kind: 'url', url: legacy };
    return { kind: 'digest', checksum: parseDigest(legacy, undefined, policy) };
  }
  return undefined;
}

/**
 * Find an image's digest in a checksum file: `SHA256SUMS`-style lines
 * (`<hex>  <name>` or `<hex> *<name>`, matched on the image URL's file name) or
 * BSD-style lines (`SHA256 (<name>) = <hex>`); a file holding one bare digest
 * applies to any image.
 * @throws {@link ImageChecksumError} when the file does not name the image.
 * @public
 */
export function digestFromChecksumFile(
  text: string,
  imageUrl: string,
  algorithm?: HashAlgorithm,
  policy: ChecksumPolicy = {},
): ImageChecksum {
  const fileName = decodeURIComponent(new URL(imageUrl).pathname.split('/').pop() ?? '');
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  const [only] = lines;
  if (lines.length === 1 && only !== undefined && /^[0-9a-fA-F]+$/.test(only)) {
    return parseDigest(only, algorithm, policy);
  }
  for (const line of lines) {
    const gnu = /^([0-9a-fA-F]+)\s+\*?(.+)$/.exec(line);
    if (gnu?.[1] && gnu[2] && baseName(gnu[2]) === fileName) return parseDigest(gnu[1], algorithm, policy);
    const bsd = /^([A-Za-z0-9]+)\s*\((.+)\)\s*=\s*([0-9a-fA-F]+)$/.exec(line);
    if (bsd?.[1] && bsd[2] && bsd[3] && baseName(bsd[2]) === fileName) {
      return parseDigest(`${bsd[1].toLowerCase()}:${bsd[3]}`, undefined, policy);
    }
  }
  throw new ImageChecksumError(`The checksum file does not list '${fileName}'.`);
}

function baseName(path: string): string {
  return path.trim().split('/').pop() ?? '';
}

/**
 * Compare a computed digest with the expected one.
 * @throws {@link ImageChecksumError} naming both digests on a mismatch.
 * @public
 */
export function assertDigest(actualHex: string, expected: ImageChecksum, label = 'Image'): void {
  if (actualHex.toLowerCase() !== expected.value) {
    throw new ImageChecksumError(
      `${label} failed checksum verification: ${expected.algorithm} is ${actualHex}, expected ${expected.value}.`,
      { details: { algorithm: expected.algorithm, expected: expected.value, actual: actualHex } },
    );
  }
}
