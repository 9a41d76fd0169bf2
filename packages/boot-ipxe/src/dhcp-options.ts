import { type DhcpOption, type FirmwareBootMode, getBootConfig, requireHttpUrl } from '@ferric/boot-common';
import { IpxeLayout } from './layout.js';

/** Chain-loader PXE firmware fetches over TFTP before it runs iPXE, per boot mode. @public */
export const IPXE_CHAINLOADERS: Readonly<Record<FirmwareBootMode, string>> = {
  bios: 'undionly.kpxe',
  uefi: 'snponly.efi',
};

/**
 * DHCP options for iPXE (Ironic `dhcp_options_for_instance` with iPXE): PXE
 * firmware (`!ipxe`) gets the chain-loader, iPXE gets the `boot.ipxe` URL.
 * @public
 */
export function ipxeDhcpOptions(mode: FirmwareBootMode): DhcpOption[] {
  const options: DhcpOption[] = [
    { name: 'bootfile-name', value: IPXE_CHAINLOADERS[mode], tag: '!ipxe' },
    { name: 'bootfile-name', value: `${requireHttpUrl()}/${IpxeLayout.bootScript}`, tag: 'ipxe' },
  ];
  const server = getBootConfig().tftpServer;
  if (server)
    options.push({ name: 'tftp-server', value: server }, { name: 'server-ip-address', value: server });
  return options;
}
