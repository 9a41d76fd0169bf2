import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One built file of the console, held in memory. */
export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** Vite's content-hashed files under `assets/` never change: cached for a year. */
  readonly immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Where the Vite build puts the console (`dist/ui` next to this module once built). */
export function consoleAssetsDir(): string {
  return fileURLToPath(new URL('../dist/ui/', import.meta.url));
}

/**
 * Reads every built file of the console into memory (a few hundred KiB), keyed by its path relative
 * to the build directory with `/` separators. Empty when the UI has not been built.
 */
export async function loadConsoleAssets(
  dir: string = consoleAssetsDir(),
): Promise<Map<string, ConsoleAsset>> {
  const assets = new Map<string, ConsoleAsset>();
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return assets;
  }
  for (const entry of entries) {
    const file = join(dir, entry);
    const type = TYPES[extname(file)];
    if (!type) continue;
    const key = relative(dir, file).split(sep).join('/');
    assets.set(key, { body: await readFile(file), contentType: type, immutable: key.startsWith('assets/') });
  }
  return assets;
}
