/**
 * `@ferric/boot-ipxe`: the `ipxe` boot interface — per-node iPXE scripts and
 * images served over HTTP, chain-loaded from PXE or fetched directly by
 * iPXE-capable firmware — plus the embeddable boot HTTP server.
 * @packageDocumentation
 */
import { ipxePlugin } from './plugin.js';

export {
  type BootConfig,
  BootHttpServer,
  type BootHttpServerOptions,
  configureBoot,
  DnsmasqDhcpProvider,
  getBootConfig,
  renderDnsmasqConfig,
  startBootServices,
} from '@ferric/boot-common';
export { installIpxeChainloaders } from './bootloaders.js';
export { IPXE_CHAINLOADERS, ipxeDhcpOptions } from './dhcp-options.js';
export { IPXEBoot } from './ipxe-boot.js';
export { configureIpxe, getIpxeConfig, type IpxeConfig, resetIpxeConfig } from './ipxe-config.js';
export { findMacScripts, publishIpxeBoot, removeIpxeBoot, writeBootScript } from './ipxe-files.js';
export { IpxeLayout } from './layout.js';
export { type IpxeTarget, ipxeNodeMarker, renderBootScript, renderNodeScript } from './templates.js';
export { ipxePlugin };

export default ipxePlugin;
