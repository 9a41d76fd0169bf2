import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AgentBuildError } from '../errors.js';

const run = promisify(execFile);

/** A kernel with its module tree, unpacked from a Debian package. @public */
export interface UnpackedKernel {
  /** `vmlinuz-<version>`. */
  kernel: string;
  /** `lib/modules/<version>`. */
  modulesDir: string;
  version: string;
  /** The Debian package it came from, when fetched here. */
  package?: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Finds `boot/vmlinuz-*` and `lib/modules/<version>` below an unpacked package root. @public */
export async function findKernel(root: string): Promise<UnpackedKernel> {
  const boot = join(root, 'boot');
  const vmlinuz = (await readdir(boot).catch(() => [] as string[])).find((f) => f.startsWith('vmlinuz-'));
  if (!vmlinuz) throw new AgentBuildError(`No boot/vmlinuz-* below ${root}.`);
  const version = vmlinuz.slice('vmlinuz-'.length);
  const modulesDir = join(root, 'lib', 'modules', version);
  if (!(await exists(modulesDir))) throw new AgentBuildError(`No lib/modules/${version} below ${root}.`);
  return { kernel: join(boot, vmlinuz), modulesDir, version };
}

/**
 * Debian's `linux-image-cloud-amd64` (or `metaPackage`), fetched with `apt-get download` and unpacked
 * with `dpkg-deb -x` into `cacheDir` — never installed. The resolved versioned package is cached.
 * @throws {@link AgentBuildError} when apt cannot resolve or fetch it (run `apt-get update`).
 * @public
 */
export async function fetchDebianKernel(
  cacheDir: string,
  metaPackage = 'linux-image-cloud-amd64',
): Promise<UnpackedKernel> {
  let pkg: string | undefined;
  try {
    const { stdout } = await run('apt-cache', ['depends', metaPackage]);
    pkg = /Depends:\s+(linux-image-\S+)/.exec(stdout)?.[1];
  } catch (err) {
    throw new AgentBuildError(`apt-cache depends ${metaPackage} failed.`, { cause: err });
  }
  if (!pkg) throw new AgentBuildError(`Cannot resolve ${metaPackage} (apt-get update first?).`);
  const root = join(cacheDir, pkg);
  if (!(await exists(join(root, 'boot')))) {
    await mkdir(cacheDir, { recursive: true });
    const work = await mkdtemp(join(cacheDir, 'dl-'));
    try {
      await run('apt-get', ['download', pkg], { cwd: work, timeout: 600_000 });
      const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
      if (!deb) throw new AgentBuildError(`apt-get download ${pkg} produced no .deb.`);
      await run('dpkg-deb', ['-x', join(work, deb), join(work, 'root')], { timeout: 600_000 });
      await rename(join(work, 'root'), root).catch(async (err: unknown) => {
        if (!(await exists(join(root, 'boot')))) throw err; // a parallel build won the race
      });
    } catch (err) {
      if (err instanceof AgentBuildError) throw err;
      throw new AgentBuildError(`Fetching ${pkg} failed: ${(err as Error).message}`, { cause: err });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  return { ...(await findKernel(root)), package: pkg };
}
