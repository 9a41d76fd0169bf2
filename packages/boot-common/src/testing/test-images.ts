import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type CpioEntry, findKernelModule, VIRTIO_MODULES, writeCpio } from '../initramfs/index.js';

const run = promisify(execFile);

/** Where test kernels and ramdisks are cached: `$FERRIC_BOOT_TEST_CACHE` or `<tmp>/ferric-boot-cache`. @public */
export function testCacheDir(): string {
  return process.env.FERRIC_BOOT_TEST_CACHE ?? join(tmpdir(), 'ferric-boot-cache');
}

/** A test kernel with its module tree. @public */
export interface TestKernel {
  kernel: string;
  modulesDir: string;
  version: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Debian's cloud kernel (`linux-image-cloud-amd64`), fetched with
 * `apt-get download` and unpacked with `dpkg-deb -x` into the test cache — never
 * installed. Cached across runs.
 * @public
 */
export async function testKernel(): Promise<TestKernel> {
  const cache = join(testCacheDir(), 'kernel');
  const unpacked = join(cache, 'root');
  if (!(await exists(join(unpacked, 'boot')))) {
    const { stdout } = await run('apt-cache', ['depends', 'linux-image-cloud-amd64']);
    const pkg = /Depends:\s+(linux-image-\S+-cloud-amd64)/.exec(stdout)?.[1];
    if (!pkg) throw new Error(`Cannot resolve linux-image-cloud-amd64 (apt-get update first?):\n${stdout}`);
    await mkdir(cache, { recursive: true });
    const work = await mkdtemp(join(cache, 'dl-'));
    try {
      await run('apt-get', ['download', pkg], { cwd: work, timeout: 300_000 });
      const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
      if (!deb) throw new Error(`apt-get download ${pkg} produced no .deb`);
      await run('dpkg-deb', ['-x', join(work, deb), join(work, 'root')], { timeout: 300_000 });
      await rename(join(work, 'root'), unpacked).catch(async (error: NodeJS.ErrnoException) => {
        if (!(await exists(join(unpacked, 'boot')))) throw error; // a parallel run won the race
      });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  const boot = join(unpacked, 'boot');
  const vmlinuz = (await readdir(boot)).find((f) => f.startsWith('vmlinuz-'));
  if (!vmlinuz) throw new Error(`No vmlinuz in ${boot}`);
  const version = vmlinuz.slice('vmlinuz-'.length);
  return { kernel: join(boot, vmlinuz), modulesDir: join(unpacked, 'lib', 'modules', version), version };
}

/** The `/init` of the callback ramdisk. @public */
export const CALLBACK_INIT = `#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev 2>/dev/null
for m in ${VIRTIO_MODULES.join(' ')}; do [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko; done
echo "FERRIC-TEST: booted $(cat /proc/cmdline)"
url=$(tr ' ' '\\n' < /proc/cmdline | sed -n 's/^ferric_callback=//p')
ip link set lo up
for i in 1 2 3 4 5 6 7 8 9 10; do ip link show eth0 >/dev/null 2>&1 && break; sleep 0.5; done
ip link set eth0 up
udhcpc -i eth0 -q -n -t 10 -s /udhcpc.sh || { ip addr add 10.0.2.15/24 dev eth0; ip route add default via 10.0.2.2; }
echo "FERRIC-TEST: calling back $url"
if wget -q -O - --post-data="$(cat /proc/cmdline)" "$url"; then echo "FERRIC-TEST: callback ok"; else echo "FERRIC-TEST: callback failed"; fi
sync
poweroff -f
`;

const UDHCPC_SCRIPT = `#!/bin/sh
case "$1" in
  bound|renew)
    ip addr flush dev $interface
    ip addr add $ip/\${mask:-24} dev $interface
    [ -n "$router" ] && ip route add default via \${router%% *} dev $interface
    ;;
esac
exit 0
`;

/**
 * Build (and cache) a gzip'ed busybox initramfs with the cloud kernel's virtio
 * modules whose `/init` brings up `eth0` with DHCP and POSTs `/proc/cmdline` to
 * the `ferric_callback=` URL from the kernel command line, then powers off.
 * Needs Debian `busybox-static`.
 * @public
 */
export async function buildCallbackRamdisk(kernel?: TestKernel): Promise<string> {
  const k = kernel ?? (await testKernel());
  const output = join(testCacheDir(), `callback-initrd-${k.version}.gz`);
  if (await exists(output)) return output;
  const entries: CpioEntry[] = [
    { path: 'bin', type: 'dir' },
    { path: 'lib', type: 'dir' },
    { path: 'lib/modules', type: 'dir' },
    { path: 'bin/busybox', type: 'file', data: await readFile('/bin/busybox'), mode: 0o755 },
    { path: 'bin/sh', type: 'symlink', target: 'busybox' },
    { path: 'init', type: 'file', data: CALLBACK_INIT, mode: 0o755 },
    { path: 'udhcpc.sh', type: 'file', data: UDHCPC_SCRIPT, mode: 0o755 },
  ];
  for (const name of VIRTIO_MODULES) {
    const path = await findKernelModule(k.modulesDir, name);
    if (path) entries.push({ path: `lib/modules/${name}.ko`, type: 'file', data: await readFile(path) });
  }
  const temp = `${output}.${process.pid}.tmp`;
  await mkdir(testCacheDir(), { recursive: true });
  await writeFile(temp, gzipSync(writeCpio(entries)));
  await rename(temp, output);
  return output;
}
