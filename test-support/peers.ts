/**
 * The real peers tests talk to (Debian tools, firmware, Python clients), how to tell whether one is
 * here, and which Debian package brings it. Tests needing a peer skip when it is missing, with one
 * line naming what to install; scripts/install-peers.sh installs them all (in CI a skip fails the run).
 *
 * ```ts
 * const missing = missingPeers('xorriso', 'isolinux');
 * describe.skipIf(missing)('ISO building', () => { … });
 * ```
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** How to find one peer, and the Debian package that provides it. */
type Peer =
  | { command: string; debian: string }
  | { file: string; debian: string }
  | { python: string; debian: string };

/** Debian's Python: the tools are its packages (a pyenv `python3` first on PATH would not see them). */
const DEBIAN_PYTHON = '/usr/bin/python3';

const PEERS = {
  ipmi_sim: { command: 'ipmi_sim', debian: 'openipmi' },
  ipmitool: { command: 'ipmitool', debian: 'ipmitool' },
  freeipmi: { command: 'ipmi-power', debian: 'freeipmi-tools' },
  socat: { command: 'socat', debian: 'socat' },
  pyghmi: { python: 'pyghmi', debian: 'python3-pyghmi' },
  baremetal: { command: 'baremetal', debian: 'python3-ironicclient' },
  openstacksdk: { python: 'openstack', debian: 'python3-openstacksdk' },
  tempest: { command: 'tempest', debian: 'ironic-tempest-plugin' },
  sushy: { python: 'sushy', debian: 'python3-sushy' },
  redfishtool: { command: 'redfishtool', debian: 'redfishtool' },
  qemu: { command: 'qemu-system-x86_64', debian: 'qemu-system-x86' },
  'qemu-img': { command: 'qemu-img', debian: 'qemu-utils' },
  'ipxe-qemu': { file: '/usr/lib/ipxe/qemu/efi-virtio.rom', debian: 'ipxe-qemu' },
  ovmf: { file: '/usr/share/OVMF/OVMF_CODE.fd', debian: 'ovmf' },
  xorriso: { command: 'xorriso', debian: 'xorriso' },
  'grub-bios': { file: '/usr/lib/grub/i386-pc/modinfo.sh', debian: 'grub-pc-bin' },
  'grub-efi': { file: '/usr/lib/grub/x86_64-efi/modinfo.sh', debian: 'grub-efi-amd64-bin' },
  'grub-mkrescue': { command: 'grub-mkrescue', debian: 'grub-common' },
  mtools: { command: 'mcopy', debian: 'mtools' },
  isolinux: { file: '/usr/lib/ISOLINUX/isolinux.bin', debian: 'isolinux' },
  'syslinux-modules': { file: '/usr/lib/syslinux/modules/bios/ldlinux.c32', debian: 'syslinux-common' },
  pxelinux: { file: '/usr/lib/PXELINUX/pxelinux.0', debian: 'pxelinux' },
  'mkfs.fat': { command: 'mkfs.fat', debian: 'dosfstools' },
  busybox: { file: '/bin/busybox', debian: 'busybox-static' },
  dnsmasq: { command: 'dnsmasq', debian: 'dnsmasq' },
  tftp: { command: 'tftp', debian: 'tftp-hpa' },
  atftp: { command: 'atftp', debian: 'atftp' },
  curl: { command: 'curl', debian: 'curl' },
  openssl: { command: 'openssl', debian: 'openssl' },
  chromium: { command: 'chromium', debian: 'chromium' },
} as const satisfies Record<string, Peer>;

/** A peer a test can ask for. */
export type PeerName = keyof typeof PEERS;

/** Command lookup as a shell does it, plus the sbin directories a non-root PATH may lack. */
function onPath(command: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function present(peer: Peer): boolean {
  if ('command' in peer) return onPath(peer.command);
  if ('file' in peer) return existsSync(peer.file);
  return (
    existsSync(DEBIAN_PYTHON) &&
    spawnSync(DEBIAN_PYTHON, ['-c', `import ${peer.python}`], { stdio: 'ignore' }).status === 0
  );
}

/**
 * Why a test cannot run here — one line naming the missing peers and the Debian packages to install —
 * or `undefined` when every named peer is present. Prints that line once (as a warning) when something
 * is missing, so a skipped test says why.
 */
export function missingPeers(...names: PeerName[]): string | undefined {
  const missing = names.filter((name) => !present(PEERS[name]));
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.map((name) => PEERS[name].debian))].join(' ');
  const reason = `needs ${missing.join(', ')}: apt-get install ${packages} (or, as root, scripts/install-peers.sh)`;
  console.warn(`SKIP ${reason}`);
  return reason;
}
