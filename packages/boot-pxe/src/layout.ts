import { normalizeMac, resolveInsideLexically } from '@ferric/boot-common';

/**
 * Where `pxe` puts things in the TFTP root (paths relative to it):
 *
 * | file | content |
 * |---|---|
 * | `pxelinux.0`, `ldlinux.c32` | BIOS bootloader (from Debian `pxelinux`, `syslinux-common`) |
 * | `grubx64.efi` | UEFI network GRUB (from `grub-efi-amd64-signed`) |
 * | `<node uuid>/deploy_kernel`, `deploy_ramdisk` | deploy ramdisk (`rescue_*` while rescuing) |
 * | `<node uuid>/kernel`, `ramdisk` | instance kernel/ramdisk (ramdisk deploys) |
 * | `<node uuid>/config` | the node's boot configuration (PXELINUX or GRUB) |
 * | `pxelinux.cfg/01-<mac-with-dashes>` | copy of `config` per PXE-enabled port (BIOS) |
 * | `grub/grub.cfg-01-<mac-with-dashes>` | copy of `config` per PXE-enabled port (UEFI) |
 * @public
 */
export const PxeLayout = {
  /** Directory of a node's files. */
  nodeDir: (uuid: string): string => uuid,
  /** A node file (`deploy_kernel`, `config`…). */
  nodeFile: (uuid: string, name: string): string => `${uuid}/${name}`,
  /** PXELINUX per-MAC config: `pxelinux.cfg/01-aa-bb-cc-dd-ee-ff`. */
  pxelinuxMacConfig: (mac: string): string => `pxelinux.cfg/01-${normalizeMac(mac).replace(/:/g, '-')}`,
  /** GRUB per-MAC config: `grub/grub.cfg-01-aa-bb-cc-dd-ee-ff`. */
  grubMacConfig: (mac: string): string => `grub/grub.cfg-01-${normalizeMac(mac).replace(/:/g, '-')}`,
  /** Directories scanned for a node's per-MAC configs on clean-up. */
  macConfigDirs: ['pxelinux.cfg', 'grub'] as const,
} as const;

/** Absolute path of a layout path inside `tftpRoot` (traversal-safe). @public */
export function tftpPath(tftpRoot: string, relative: string): string {
  return resolveInsideLexically(tftpRoot, relative);
}

/** Marker line that ties a per-MAC config to its node, so clean-up finds it without state. @public */
export function nodeMarker(uuid: string): string {
  return `ferric-node: ${uuid}`;
}
