/**
 * `@ferric/boot-pxe`: the `pxe` boot interface — PXELINUX (BIOS) and GRUB (UEFI)
 * configuration per MAC in a TFTP root — plus the embeddable read-only TFTP
 * server and the boot configuration it shares with the other boot packages.
 * @packageDocumentation
 */
import { pxePlugin } from './plugin.js';

export {
  type BootConfig,
  configureBoot,
  DnsmasqDhcpProvider,
  getBootConfig,
  renderDnsmasqConfig,
  startBootServices,
  TftpServer,
  type TftpServerOptions,
} from '@ferric/boot-common';
export { installPxeBootloaders } from './bootloaders.js';
export { PXE_BOOTFILES, pxeDhcpOptions } from './dhcp-options.js';
export { renderGrubConfig } from './grub-template.js';
export { nodeMarker, PxeLayout, tftpPath } from './layout.js';
export { PXEBoot } from './pxe-boot.js';
export {
  findMacConfigs,
  removeAllPxeFiles,
  removePxeConfig,
  removeTftpImages,
  renderPxeConfig,
  stageTftpImages,
  writePxeConfig,
} from './pxe-files.js';
export { type PxeTarget, renderPxelinuxConfig } from './pxelinux-template.js';
export { pxePlugin };

export default pxePlugin;
