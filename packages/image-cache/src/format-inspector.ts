import { open } from 'node:fs/promises';
import { ImageUnacceptable } from './errors.js';

/** Disk image formats the inspector recognises by their headers. @public */
export type DiskFormat = 'raw' | 'qcow2' | 'vmdk' | 'vhd' | 'vhdx' | 'vdi' | 'iso' | 'luks';

/** Formats Ferric deploys: raw is written as is, qcow2 is converted to raw first. @public */
export const DEPLOYABLE_FORMATS: readonly DiskFormat[] = ['raw', 'qcow2'];

/** What the headers of an image say about it. @public */
export interface ImageFormatInfo {
  /** The format found in the headers (`raw` when no known header is present). */
  readonly format: DiskFormat;
  /** Size of the disk the image describes, in bytes, where the header states it (qcow2). */
  readonly virtualSize?: number;
  /** qcow2: the image names a backing file (its content lives partly in another file). */
  readonly backingFile?: boolean;
  /** qcow2: the image stores its data in an external data file. */
  readonly externalDataFile?: boolean;
  /** qcow2: the image is encrypted (`crypt_method` is set). */
  readonly encrypted?: boolean;
  /** qcow2: incompatible feature bits this inspector does not know. */
  readonly unknownIncompatibleFeatures?: boolean;
}

/** How many bytes from the start of an image {@link inspectImageHeader} needs. @public */
export const INSPECT_HEAD_BYTES = 64 * 1024;
/** How many bytes from the end (the VHD footer) {@link inspectImageHeader} reads. @public */
export const INSPECT_TAIL_BYTES = 512;

const QCOW2_MAGIC = Buffer.from([0x51, 0x46, 0x49, 0xfb]);
const LUKS_MAGIC = Buffer.from([0x4c, 0x55, 0x4b, 0x53, 0xba, 0xbe]);
const VDI_SIGNATURE = 0xbeda107f;
/** qcow2 v3 incompatible feature bits: dirty, corrupt, external data file, compression type, extended L2. */
const QCOW2_KNOWN_INCOMPATIBLE = 0b11111n;
const QCOW2_DATA_FILE_BIT = 1n << 2n;

function startsWith(buffer: Buffer, magic: Buffer | string, offset = 0): boolean {
  const bytes = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : magic;
  return (
    buffer.length >= offset + bytes.length && buffer.subarray(offset, offset + bytes.length).equals(bytes)
  );
}

function inspectQcow2(head: Buffer): ImageFormatInfo {
  if (head.length < 72) return { format: 'qcow2', unknownIncompatibleFeatures: true };
  const version = head.readUInt32BE(4);
  const backingFileOffset = head.readBigUInt64BE(8);
  const virtualSize = Number(head.readBigUInt64BE(24));
  const cryptMethod = head.readUInt32BE(32);
  // Version 2 headers end before the feature fields; version 3 adds them at 72.
  const incompatible = version >= 3 && head.length >= 80 ? head.readBigUInt64BE(72) : 0n;
  return {
    format: 'qcow2',
    virtualSize,
    backingFile: backingFileOffset !== 0n,
    externalDataFile: (incompatible & QCOW2_DATA_FILE_BIT) !== 0n,
    encrypted: cryptMethod !== 0,
    unknownIncompatibleFeatures:
      (incompatible & ~QCOW2_KNOWN_INCOMPATIBLE) !== 0n || version < 2 || version > 3,
  };
}

/**
 * Tell an image's format from its first {@link INSPECT_HEAD_BYTES} bytes (and,
 * for fixed VHDs, its last 512), without trusting any declared format. Pure;
 * see {@link inspectImageFile} to read the bytes from a file.
 * @public
 */
export function inspectImageHeader(head: Buffer, tail?: Buffer): ImageFormatInfo {
  if (startsWith(head, QCOW2_MAGIC)) return inspectQcow2(head);
  if (startsWith(head, LUKS_MAGIC)) return { format: 'luks' };
  if (startsWith(head, 'KDMV') || startsWith(head, '# Disk DescriptorFile')) return { format: 'vmdk' };
  if (startsWith(head, 'vhdxfile')) return { format: 'vhdx' };
  if (startsWith(head, 'conectix') || (tail !== undefined && startsWith(tail, 'conectix')))
    return { format: 'vhd' };
  if (head.length >= 0x44 && head.readUInt32LE(0x40) === VDI_SIGNATURE) return { format: 'vdi' };
  for (const offset of [0x8001, 0x8801, 0x9001]) {
    if (startsWith(head, 'CD001', offset)) return { format: 'iso' };
  }
  return { format: 'raw' };
}

/**
 * Read an image file's headers and tell its format. The file is read only at
 * its start and end, so this is cheap on multi-gigabyte images.
 * @public
 */
export async function inspectImageFile(path: string): Promise<ImageFormatInfo> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(INSPECT_HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    let tail: Buffer | undefined;
    if (size >= INSPECT_TAIL_BYTES) {
      tail = Buffer.alloc(INSPECT_TAIL_BYTES);
      await handle.read(tail, 0, INSPECT_TAIL_BYTES, size - INSPECT_TAIL_BYTES);
    }
    return inspectImageHeader(head, tail);
  } finally {
    await handle.close();
  }
}

/**
 * Refuse an image that is unsafe or not what it claims, as Ironic's format
 * inspector does: the detected format must equal `declared` (when given), must
 * be deployable (raw or qcow2), and a qcow2 must be self-contained (no backing
 * file, no external data file, not encrypted, no unknown incompatible features).
 * @throws {@link ImageUnacceptable} saying what is wrong.
 * @public
 */
export function assertSafeImage(info: ImageFormatInfo, declared?: string, label = 'Image'): void {
  if (declared !== undefined && declared !== info.format) {
    throw new ImageUnacceptable(
      `${label} is declared as '${declared}' (instance_info.image_disk_format) but its content is '${info.format}'; refusing an image whose format does not match.`,
      { details: { declared, detected: info.format } },
    );
  }
  if (!DEPLOYABLE_FORMATS.includes(info.format)) {
    throw new ImageUnacceptable(
      `${label} has format '${info.format}'; Ferric deploys raw and qcow2 images (convert it with qemu-img).`,
      { details: { detected: info.format } },
    );
  }
  const problems: string[] = [];
  if (info.backingFile) problems.push('it names a backing file');
  if (info.externalDataFile) problems.push('it uses an external data file');
  if (info.encrypted) problems.push('it is encrypted');
  if (info.unknownIncompatibleFeatures) problems.push('it uses qcow2 features this inspector does not know');
  if (problems.length > 0) {
    throw new ImageUnacceptable(
      `${label} is a qcow2 image that is not self-contained: ${problems.join(', ')}.`,
      {
        details: { detected: info.format, problems },
      },
    );
  }
}
