import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';

/** Directory (inside the HTTP root) holding one lease file per published node directory. @public */
export const LEASE_DIR = '.leases';

/** Who may fetch a node's published files, and until when. @public */
export interface FileLease {
  /** ISO time after which the files are no longer served (and are deleted by {@link sweepExpiredLeases}). */
  expiresAt: string;
  /** Client addresses allowed to fetch (e.g. the node's fixed DHCP address); `null` for any. */
  allowedAddresses: string[] | null;
}

function leasePath(root: string, name: string): string {
  return join(root, LEASE_DIR, `${name}.json`);
}

/**
 * Grant (or renew) the lease of the per-node directory `name` below `root`. The
 * embedded {@link BootHttpServer} refuses files of expired leases and of other
 * clients than `allowedAddresses`.
 * @public
 */
export async function grantLease(
  root: string,
  name: string,
  options: { ttlSeconds: number; allowedAddresses?: readonly string[] | null; now?: Date },
): Promise<FileLease> {
  const now = options.now ?? new Date();
  const lease: FileLease = {
    expiresAt: new Date(now.getTime() + options.ttlSeconds * 1000).toISOString(),
    allowedAddresses: options.allowedAddresses ? [...options.allowedAddresses] : null,
  };
  await writeFileAtomic(leasePath(root, name), `${JSON.stringify(lease)}\n`);
  return lease;
}

/** The lease of directory `name`, or `null` when it has none. @public */
export async function readLease(root: string, name: string): Promise<FileLease | null> {
  try {
    return JSON.parse(await readFile(leasePath(root, name), 'utf8')) as FileLease;
  } catch {
    return null;
  }
}

/** Delete directory `name` and its lease. @public */
export async function revokeLease(root: string, name: string): Promise<void> {
  await rm(join(root, name), { recursive: true, force: true });
  await rm(leasePath(root, name), { force: true });
}

/** True when `lease` lets `client` fetch at `now`. @public */
export function leaseAllows(lease: FileLease, client: string | undefined, now = new Date()): boolean {
  if (Date.parse(lease.expiresAt) <= now.getTime()) return false;
  if (!lease.allowedAddresses) return true;
  const address = client?.replace(/^::ffff:/, '');
  return address !== undefined && lease.allowedAddresses.includes(address);
}

/** Delete every leased directory whose lease expired; returns their names. @public */
export async function sweepExpiredLeases(root: string, now = new Date()): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(join(root, LEASE_DIR));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const file of files) {
    if (!file.endsWith('.json')) continue;
    const name = file.slice(0, -'.json'.length);
    const lease = await readLease(root, name);
    if (lease && Date.parse(lease.expiresAt) <= now.getTime()) {
      await revokeLease(root, name);
      removed.push(name);
    }
  }
  return removed;
}
