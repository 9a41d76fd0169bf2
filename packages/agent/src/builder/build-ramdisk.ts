import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type CpioEntry, findKernelModule, VIRTIO_MODULES, writeCpio } from '@ferric/boot-common/initramfs';
import { AgentBuildError } from '../errors.js';
import { fetchDebianKernel, findKernel, type UnpackedKernel } from './debian-kernel.js';

/**
 * Modules the agent loads, in order: virtio for QEMU/KVM guests (see qemu-e2e.md) — the list the
 * test ramdisks load too, kept once in `@ferric/boot-common/initramfs`.
 * @public
 */
export const AGENT_MODULES: readonly string[] = VIRTIO_MODULES;

/** The ramdisk scripts shipped in this package (`ramdisk/`). @public */
export const RAMDISK_SOURCE_DIR: string = resolve(import.meta.dirname, '../../ramdisk');

/** Options of {@link buildAgentRamdisk}. @public */
export interface BuildAgentOptions {
  /** Where `agent.kernel` and `agent.initramfs` are written. */
  outDir: string;
  /** An unpacked kernel package root (`boot/`, `lib/modules/`); fetched from Debian when omitted. */
  kernelRoot?: string;
  /** Cache for the fetched kernel package. Default `<outDir>/.cache`. */
  cacheDir?: string;
  /** The static busybox binary. Default `/bin/busybox` (Debian `busybox-static`). */
  busybox?: string;
  /** Extra modules (by name) to load after {@link AGENT_MODULES}. */
  extraModules?: readonly string[];
}

/** What {@link buildAgentRamdisk} produced. @public */
export interface AgentRamdisk {
  kernel: string;
  initramfs: string;
  kernelVersion: string;
  /** sha256 of the initramfs: equal inputs give an equal hash. */
  sha256: string;
  /** Modules found and included. */
  modules: string[];
}

const RAMDISK_FILES = [
  'init',
  'agent-lib',
  'ferric-agent',
  'agent-http',
  'agent-command',
  'agent-inventory',
  'udhcpc-script',
];

/**
 * Assembles the agent initramfs: static busybox, the kernel's virtio modules (uncompressed `.ko`), the
 * POSIX-shell agent from `ramdisk/` and `/init`. Reproducible: fixed entry order, zero timestamps and
 * owners, gzip without a timestamp. Copies the kernel next to it.
 * @throws {@link AgentBuildError} when busybox, the kernel or a required module is missing.
 * @public
 */
export async function buildAgentRamdisk(options: BuildAgentOptions): Promise<AgentRamdisk> {
  await mkdir(options.outDir, { recursive: true });
  const kernel: UnpackedKernel = options.kernelRoot
    ? await findKernel(options.kernelRoot)
    : await fetchDebianKernel(options.cacheDir ?? join(options.outDir, '.cache'));
  const busyboxPath = options.busybox ?? '/bin/busybox';
  const busybox = await readFile(busyboxPath).catch((err: unknown) => {
    throw new AgentBuildError(`Cannot read ${busyboxPath} (apt-get install busybox-static).`, { cause: err });
  });
  const entries: CpioEntry[] = [
    { path: 'agent', type: 'dir' },
    { path: 'bin', type: 'dir' },
    { path: 'bin/busybox', type: 'file', data: busybox, mode: 0o755 },
    { path: 'bin/sh', type: 'symlink', target: 'busybox' },
    { path: 'dev', type: 'dir' },
    { path: 'lib', type: 'dir' },
    { path: 'lib/modules', type: 'dir' },
  ];
  const modules: string[] = [];
  for (const name of [...AGENT_MODULES, ...(options.extraModules ?? [])]) {
    const path = await findKernelModule(kernel.modulesDir, name);
    if (!path) {
      // failover/net_failover and the virtio_pci_* split only exist on newer kernels.
      if (['virtio_blk', 'virtio_net', 'virtio_pci'].includes(name)) {
        throw new AgentBuildError(
          `Module ${name} not found below ${kernel.modulesDir} (compressed modules are not supported).`,
        );
      }
      continue;
    }
    entries.push({ path: `lib/modules/${name}.ko`, type: 'file', data: await readFile(path) });
    modules.push(name);
  }
  entries.push({ path: 'lib/modules/load-order', type: 'file', data: `${modules.join('\n')}\n` });
  for (const file of RAMDISK_FILES) {
    const data = await readFile(join(RAMDISK_SOURCE_DIR, file));
    const target = file === 'init' ? 'init' : `agent/${file}`;
    entries.push({ path: target, type: 'file', data, mode: file === 'agent-lib' ? 0o644 : 0o755 });
  }
  entries.push(
    { path: 'proc', type: 'dir' },
    { path: 'run', type: 'dir' },
    { path: 'sys', type: 'dir' },
    { path: 'tmp', type: 'dir', mode: 0o1777 },
  );
  const initramfs = gzipSync(writeCpio(entries), { level: 9 });
  const out = {
    kernel: join(options.outDir, 'agent.kernel'),
    initramfs: join(options.outDir, 'agent.initramfs'),
  };
  const tmp = `${out.initramfs}.${process.pid}.tmp`;
  await writeFile(tmp, initramfs);
  await rename(tmp, out.initramfs);
  await copyFile(kernel.kernel, `${out.kernel}.${process.pid}.tmp`);
  await rename(`${out.kernel}.${process.pid}.tmp`, out.kernel);
  return {
    ...out,
    kernelVersion: kernel.version,
    sha256: createHash('sha256').update(initramfs).digest('hex'),
    modules,
  };
}
