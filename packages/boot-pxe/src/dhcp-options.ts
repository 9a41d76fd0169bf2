import { type DhcpOption, type FirmwareBootMode, getBootConfig } from '@ferric/boot-common';

/** Bootfile per boot mode for plain PXE. @public */
export const PXE_BOOTFILES: Readonly<Record<FirmwareBootMode, string>> = {
  bios: 'pxelinux.0',
  uefi: 'grubx64.efi',
};

/** DHCP options that make a port PXE-boot Ferric's bootloader (Ironic `dhcp_options_for_instance`). @public */
export function pxeDhcpOptions(mode: FirmwareBootMode): DhcpOption[] {
  const options: DhcpOption[] = [{ name: 'bootfile-name', value: PXE_BOOTFILES[mode] }];
  const server = getBootConfig().tftpServer;
  if (server) {
    options.push({ name: 'tftp-server', value: server }, { name: 'server-ip-address', value: server });
  }
  return options;
}
