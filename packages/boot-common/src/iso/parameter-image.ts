import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { RamdiskParams } from '@ferric/core';
import { runTool } from './run-tool.js';

/** Volume label the agent looks for on its parameter floppy (Ironic/IPA `ir-vfd-dev`). @public */
export const PARAMETER_IMAGE_LABEL = 'ir-vfd-dev';

/** `parameters.txt` content: one `key=value` per line. @public */
export function renderParametersFile(params: RamdiskParams): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}

/**
 * Build a small FAT image with `parameters.txt` (and any `extraFiles`) — the
 * virtual floppy Ironic inserts for agents that read their parameters from
 * media rather than the kernel line. Uses Debian `dosfstools` and `mtools`.
 * @public
 */
export async function buildParameterImage(options: {
  params: RamdiskParams;
  output: string;
  extraFiles?: Readonly<Record<string, string | Uint8Array>>;
  sizeKiB?: number;
}): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'ferric-vfd-'));
  const temp = join(dirname(options.output), `.${basename(options.output)}.${process.pid}.tmp`);
  try {
    await runTool('mkfs.fat', ['-C', '-n', PARAMETER_IMAGE_LABEL, temp, String(options.sizeKiB ?? 1440)]);
    const files: Record<string, string | Uint8Array> = {
      'parameters.txt': renderParametersFile(options.params),
      ...options.extraFiles,
    };
    for (const [name, content] of Object.entries(files)) {
      const local = join(work, basename(name));
      await writeFile(local, content);
      await runTool('mcopy', ['-i', temp, local, `::${basename(name)}`]);
    }
    await rename(temp, options.output);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
