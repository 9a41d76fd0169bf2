/** One entry of a newc cpio archive. @public */
export type CpioEntry =
  | { path: string; type: 'dir'; mode?: number }
  | { path: string; type: 'file'; data: Uint8Array | string; mode?: number }
  | { path: string; type: 'symlink'; target: string };

function pad4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

/**
 * A `newc` cpio archive (the initramfs format the Linux kernel unpacks) of directories, regular files
 * and symbolic links, with every timestamp, owner and inode number fixed, so the same inputs always
 * give the same bytes: the agent's ramdisk build is reproducible because of that.
 * @public
 */
export function writeCpio(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  const add = (name: string, mode: number, data: Buffer) => {
    const nameBytes = Buffer.from(`${name}\0`);
    const fields = [ino++, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0];
    const header = Buffer.from(`070701${fields.map((f) => f.toString(16).padStart(8, '0')).join('')}`);
    parts.push(header, nameBytes, pad4(header.length + nameBytes.length), data, pad4(data.length));
  };
  for (const entry of entries) {
    const name = entry.path.replace(/^\/+/, '');
    if (entry.type === 'dir') add(name, 0o040000 | (entry.mode ?? 0o755), Buffer.alloc(0));
    else if (entry.type === 'file') add(name, 0o100000 | (entry.mode ?? 0o644), Buffer.from(entry.data));
    else add(name, 0o120000 | 0o777, Buffer.from(entry.target));
  }
  add('TRAILER!!!', 0, Buffer.alloc(0));
  return Buffer.concat(parts);
}
