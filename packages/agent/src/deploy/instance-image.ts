import { join } from 'node:path';
import { getBootConfig, publishNodeFiles } from '@ferric/boot-common';
import { createServiceToken, InvalidParameterValue, type Logger, type Task } from '@ferric/core';
import { checksumSourceFromInstanceInfo, ImageCache } from '@ferric/image-cache';
import type { ImageInfo } from './image-info.js';

/**
 * The conductor's image cache, a per-conductor service of the agent plugin: images are
 * downloaded, verified, inspected and converted to raw once, then served to every node
 * deploying them over the boot HTTP service.
 * @public
 */
export const IMAGE_CACHE = createServiceToken<ImageCache>('@ferric/agent:image-cache');

/** Settings of the agent plugin's image cache (its `imageCache` configuration section). @public */
export interface ImageCacheSettings {
  /** Cache directory. Default `<boot dataDir>/images`. */
  directory?: string;
  /** Soft size bound in bytes (Ironic's `[pxe]image_cache_size`). Default 20 GiB. */
  maxBytes?: number;
}

/** Build the image cache a conductor uses (the agent plugin provides it per conductor). @public */
export function createImageCache(settings: ImageCacheSettings = {}, logger?: Logger): ImageCache {
  return new ImageCache({
    directory: settings.directory ?? join(getBootConfig().dataDir, 'images'),
    ...(settings.maxBytes !== undefined ? { maxBytes: settings.maxBytes } : {}),
    ...(logger ? { logger } : {}),
  });
}

/** `image_download_source` values, as Ironic's (`swift` has no meaning without Glance). @public */
export type ImageDownloadSource = 'http' | 'local';

/**
 * Where the agent downloads the instance image from: `instance_info.image_download_source`, then
 * `driver_info.image_download_source`, default `http` (Ironic's default).
 * @throws `InvalidParameterValue` for any other value.
 * @public
 */
export function imageDownloadSource(task: Task): ImageDownloadSource {
  const value =
    task.node.instanceInfo.image_download_source ?? task.node.driverInfo.image_download_source ?? 'http';
  if (value !== 'http' && value !== 'local') {
    throw new InvalidParameterValue(
      `image_download_source must be 'http' or 'local', not '${String(value)}'.`,
    );
  }
  return value;
}

/** File name of the instance image in the node's boot HTTP directory. */
const INSTANCE_IMAGE = 'instance.raw';

/**
 * Serve the instance image from the conductor (`image_download_source: local`, and every image
 * that is not raw: the agent writes raw only, so qcow2 is converted here, as Ironic's
 * `force_raw_images` does): the cache verifies the checksum from `instance_info`, refuses
 * images whose content is not their declared format or qcow2 that is not self-contained,
 * converts to raw, and the result is hard-linked into the node's boot HTTP directory. The
 * agent then gets that URL with the raw file's sha256 and size.
 * @public
 */
export async function localImageInfo(
  task: Task,
  info: ImageInfo,
  cache: ImageCache | undefined,
): Promise<ImageInfo> {
  if (!cache) {
    throw new InvalidParameterValue(
      'Serving images from the conductor needs its image cache: load @ferric/agent as a plugin of the conductor.',
    );
  }
  const source = info.urls[0];
  if (source === undefined) throw new InvalidParameterValue('instance_info.image_source is missing.');
  const checksum = checksumSourceFromInstanceInfo(task.node.instanceInfo);
  if (!checksum) {
    throw new InvalidParameterValue(
      'instance_info.image_os_hash_algo/image_os_hash_value (or image_checksum) is required to serve an image from the conductor.',
    );
  }
  const image = await cache.acquire({ url: source, checksum, diskFormat: info.disk_format });
  try {
    const urls = await publishNodeFiles(task, { [INSTANCE_IMAGE]: { source: image.path } });
    const url = urls[INSTANCE_IMAGE];
    if (url === undefined) throw new Error('the boot HTTP service did not publish the image');
    task.logger.info(
      { format: info.disk_format, size: image.size },
      'instance image served from the conductor cache',
    );
    const { checksum: _legacy, ...rest } = info;
    return {
      ...rest,
      urls: [url],
      disk_format: 'raw',
      os_hash_algo: 'sha256',
      os_hash_value: image.sha256,
      image_size: image.size,
    };
  } finally {
    // The node's hard link keeps the file; the cache may evict its own copy now.
    image.release();
  }
}
