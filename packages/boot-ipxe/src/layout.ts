import { normalizeMac } from '@ferric/boot-common';

/**
 * Where `ipxe` puts things (paths relative to the HTTP root; the TFTP root only
 * holds the chain-loaders):
 *
 * | file | content |
 * |---|---|
 * | `boot.ipxe` | generic script: chains the per-MAC script, with retries |
 * | `pxelinux.cfg/<mac-with-dashes>` | copy of the node's script per PXE-enabled port (`${mac:hexhyp}`) |
 * | `<node uuid>/config` | the node's iPXE script |
 * | `<node uuid>/deploy_kernel`, `deploy_ramdisk` (`rescue_*`, or `kernel`/`ramdisk` for instances) | images, under a lease |
 * | TFTP root: `undionly.kpxe`, `snponly.efi`, `ipxe.efi` | chain-loaders for PXE firmware (Debian `ipxe`) |
 * @public
 */
export const IpxeLayout = {
  bootScript: 'boot.ipxe',
  nodeScript: 'config',
  macScript: (mac: string): string => `pxelinux.cfg/${normalizeMac(mac).replace(/:/g, '-')}`,
  macScriptDir: 'pxelinux.cfg',
} as const;
