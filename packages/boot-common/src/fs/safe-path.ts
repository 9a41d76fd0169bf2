import { realpath } from 'node:fs/promises';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { BootFileNotFound } from '../errors.js';

/**
 * Resolve a client-supplied path (TFTP file name, URL path) inside `root`, or throw
 * {@link BootFileNotFound}. Leading slashes and backslashes are treated as
 * separators, `..` may not climb above `root`, NUL bytes are refused, and — after
 * following symbolic links — the file must still lie inside `root`.
 * @public
 */
export async function resolveInside(root: string, requested: string): Promise<string> {
  const lexical = resolveInsideLexically(root, requested);
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(lexical), realpath(root)]);
  } catch (cause) {
    throw new BootFileNotFound(`File not found: ${requested}`, { cause });
  }
  if (!isWithin(realRoot, real)) throw new BootFileNotFound(`File not found: ${requested}`);
  return real;
}

/**
 * The purely lexical half of {@link resolveInside}: no file-system access, so it
 * also works for files that do not exist yet.
 * @public
 */
export function resolveInsideLexically(root: string, requested: string): string {
  if (requested.includes('\0')) throw new BootFileNotFound('File name contains a NUL byte.');
  const cleaned = normalize(`/${requested.replace(/\\/g, '/')}`);
  const target = resolve(root, `.${cleaned}`);
  if (!isWithin(resolve(root), target)) throw new BootFileNotFound(`File not found: ${requested}`);
  return target;
}

/** True when `child` is `parent` or lies below it. @public */
export function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
