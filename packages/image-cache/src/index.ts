/**
 * `@ferric/image-cache`: what a conductor does with an image before a node gets
 * it — verify its checksum as Ironic does, inspect its real format (refusing
 * unsafe qcow2 and formats that lie), convert it to raw once with `qemu-img`,
 * and keep it in a bounded LRU cache shared by every node deploying it.
 * @packageDocumentation
 */
export {
  assertDigest,
  type ChecksumPolicy,
  type ChecksumSource,
  checksumSourceFromInstanceInfo,
  digestFromChecksumFile,
  type HashAlgorithm,
  type ImageChecksum,
  parseDigest,
} from './checksum.js';
export { ImageChecksumError, ImageConvertFailed, ImageDownloadFailed, ImageUnacceptable } from './errors.js';
export {
  assertSafeImage,
  DEPLOYABLE_FORMATS,
  type DiskFormat,
  type ImageFormatInfo,
  INSPECT_HEAD_BYTES,
  INSPECT_TAIL_BYTES,
  inspectImageFile,
  inspectImageHeader,
} from './format-inspector.js';
export {
  type CachedImage,
  ImageCache,
  type ImageCacheOptions,
  type ImageCacheStats,
  type ImageRequest,
} from './image-cache.js';
export { type ConvertOptions, convertImage } from './qemu-img.js';
