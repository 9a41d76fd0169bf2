import { execFile } from 'node:child_process';
import { ImageConvertFailed } from './errors.js';
import type { DiskFormat } from './format-inspector.js';

/** Options of {@link convertImage}. @public */
export interface ConvertOptions {
  /** The `qemu-img` executable (default `qemu-img` on `PATH`). */
  readonly qemuImg?: string;
  /** Give up after this long (default 30 minutes: large images on slow disks). */
  readonly timeoutMs?: number;
}

/**
 * Convert `source` (of the already inspected `sourceFormat`) to a raw file at
 * `target` with `qemu-img convert`, in a child process so the event loop never
 * waits on it. The source format is always passed explicitly (`-f`), so
 * qemu-img never probes a format on its own.
 * @throws {@link ImageConvertFailed} with qemu-img's message (or a hint when it is not installed).
 * @public
 */
export function convertImage(
  source: string,
  sourceFormat: DiskFormat,
  target: string,
  options: ConvertOptions = {},
): Promise<void> {
  const command = options.qemuImg ?? 'qemu-img';
  const args = ['convert', '-f', sourceFormat, '-O', 'raw', source, target];
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: options.timeoutMs ?? 30 * 60_000 }, (error, _stdout, stderr) => {
      if (!error) {
        resolve();
        return;
      }
      const hint =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? ` (${command} is not installed: apt-get install qemu-utils)`
          : '';
      reject(
        new ImageConvertFailed(
          `Converting the ${sourceFormat} image to raw failed${hint}: ${String(stderr).trim() || error.message}`,
          {
            cause: error,
            details: { sourceFormat },
          },
        ),
      );
    });
  });
}
