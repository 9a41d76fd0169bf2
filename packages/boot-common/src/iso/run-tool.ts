import { execFile } from 'node:child_process';
import { ImageBuildError } from '../errors.js';

/** Run an image tool (xorriso, grub-mkrescue, mkfs.fat, mcopy), bounded in time; errors become {@link ImageBuildError}. */
export function runTool(command: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const hint = code === 'ENOENT' ? ` (${command} is not installed)` : '';
          reject(
            new ImageBuildError(`${command} failed${hint}: ${String(stderr).trim() || error.message}`, {
              cause: error,
              details: { command },
            }),
          );
        } else {
          resolve(String(stdout));
        }
      },
    );
  });
}
