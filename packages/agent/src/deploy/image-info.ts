import { MissingParameterValue, type Task } from '@ferric/core';

/** What the agent needs to fetch and verify an image (IPA's `image_info`). @public */
export interface ImageInfo {
  id: string;
  urls: string[];
  disk_format: string;
  os_hash_algo?: string;
  os_hash_value?: string;
  checksum?: string;
  /** Size in bytes, when the conductor knows it (images it serves): the agent reports progress against it. */
  image_size?: number;
  root_device?: Record<string, unknown>;
}

/**
 * `image_info` from `instance_info` (Ironic's standalone keys): `image_source` (http(s) URL),
 * `image_disk_format` (default raw), `image_os_hash_algo` + `image_os_hash_value`, or the legacy
 * `image_checksum`; the root device hint from `properties.root_device`.
 * @throws `MissingParameterValue` without `image_source`.
 * @public
 */
export function imageInfoFor(task: Task): ImageInfo {
  const ii = task.node.instanceInfo;
  const source = ii.image_source;
  if (typeof source !== 'string' || !/^https?:\/\//.test(source)) {
    throw new MissingParameterValue('instance_info.image_source must be an http(s) URL of the image.');
  }
  const info: ImageInfo = {
    id: source.split('/').pop() || source,
    urls: [source],
    disk_format: typeof ii.image_disk_format === 'string' ? ii.image_disk_format : 'raw',
  };
  if (typeof ii.image_os_hash_value === 'string') {
    info.os_hash_algo = typeof ii.image_os_hash_algo === 'string' ? ii.image_os_hash_algo : 'sha256';
    info.os_hash_value = ii.image_os_hash_value;
  } else if (typeof ii.image_checksum === 'string') {
    info.checksum = ii.image_checksum;
  }
  const hint = task.node.properties.root_device;
  if (hint && typeof hint === 'object' && !Array.isArray(hint)) info.root_device = { ...hint };
  return info;
}
