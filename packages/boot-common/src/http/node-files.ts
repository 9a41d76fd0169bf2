import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Task } from '@ferric/core';
import { getBootConfig } from '../config.js';
import { BootConfigurationError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { resolveInsideLexically } from '../fs/safe-path.js';
import { stageImage } from '../fs/stage-image.js';
import { grantLease, revokeLease } from './leases.js';

/** One file to publish: staged from an image source, or literal content. @public */
export type NodeFile = { source: string } | { content: string | Uint8Array };

/** The HTTP base URL nodes reach, or {@link BootConfigurationError} when none is configured. @public */
export function requireHttpUrl(): string {
  const url = getBootConfig().httpUrl;
  if (!url) {
    throw new BootConfigurationError(
      'No boot HTTP URL is configured: call configureBoot({ httpUrl }) or set FERRIC_BOOT_HTTP_URL to the URL nodes reach the boot HTTP server at.',
    );
  }
  return url;
}

/** Directory of a node's published HTTP files: `<httpRoot>/<node uuid>`. @public */
export function nodeHttpDir(nodeUuid: string): string {
  return resolveInsideLexically(getBootConfig().httpRoot, nodeUuid);
}

/** URL of a node's published file `name`. @public */
export function nodeHttpUrl(nodeUuid: string, name: string): string {
  return `${requireHttpUrl()}/${encodeURIComponent(nodeUuid)}/${encodeURIComponent(name)}`;
}

/**
 * Publish files for one node under `<httpRoot>/<uuid>/` (atomically, images
 * hard-linked from the cache) and (re)grant the directory's lease for
 * `fileLeaseSeconds`; returns each file's URL.
 * @public
 */
export async function publishNodeFiles(
  task: Task,
  files: Readonly<Record<string, NodeFile>>,
  options: { allowedAddresses?: readonly string[] | null } = {},
): Promise<Record<string, string>> {
  const base = requireHttpUrl();
  const config = getBootConfig();
  const dir = nodeHttpDir(task.node.uuid);
  await mkdir(dir, { recursive: true });
  const urls: Record<string, string> = {};
  for (const [name, file] of Object.entries(files)) {
    const target = resolveInsideLexically(dir, name);
    if ('source' in file) await stageImage(file.source, target);
    else await writeFileAtomic(target, file.content);
    urls[name] =
      `${base}/${encodeURIComponent(task.node.uuid)}/${name.split('/').map(encodeURIComponent).join('/')}`;
  }
  await grantLease(config.httpRoot, task.node.uuid, {
    ttlSeconds: config.fileLeaseSeconds,
    allowedAddresses: options.allowedAddresses ?? null,
  });
  return urls;
}

/** Delete everything published for the node, and its lease. @public */
export async function unpublishNodeFiles(task: Task): Promise<void> {
  await revokeLease(getBootConfig().httpRoot, task.node.uuid);
}

/** Path of a file in the node's HTTP directory (not necessarily existing). @public */
export function nodeHttpPath(nodeUuid: string, name: string): string {
  return join(nodeHttpDir(nodeUuid), name);
}
