import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { type Logger, silentLogger } from '@ferric/core';
import { linkOrCopyAtomic } from './fs/atomic.js';

/**
 * Copy the first existing file named `name` from `dirs` into `root` (atomically,
 * only when missing). Returns the path written, or `null` when no directory has it.
 * @public
 */
export async function installBootloader(
  root: string,
  name: string,
  dirs: readonly string[],
  options: { target?: string; logger?: Logger } = {},
): Promise<string | null> {
  const target = join(root, options.target ?? name);
  try {
    await access(target);
    return target;
  } catch {
    // not installed yet
  }
  for (const dir of dirs) {
    const source = join(dir, name);
    try {
      await access(source);
    } catch {
      continue;
    }
    await linkOrCopyAtomic(source, target);
    return target;
  }
  (options.logger ?? silentLogger).warn(
    { name, dirs },
    'bootloader not found; install it into the TFTP root by hand',
  );
  return null;
}
