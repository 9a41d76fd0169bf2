/**
 * `@ferric/boot-common`: what Ferric's boot interfaces share — process-wide boot
 * configuration ({@link configureBoot}), a read-only TFTP server, the boot HTTP
 * file service with per-node leases, dnsmasq integration, image staging,
 * ISO / parameter-image building and initramfs building (cpio writer, virtio
 * module lookup) — the latter also alone as `@ferric/boot-common/initramfs`.
 * @packageDocumentation
 */
export { installBootloader } from './bootloaders.js';
export {
  type BootConfig,
  configureBoot,
  type FirmwareBootMode,
  getBootConfig,
  resetBootConfig,
} from './config.js';
export type { DhcpOption, DhcpProvider } from './dhcp-provider.js';
export { type DnsmasqConfigOptions, renderDnsmasqConfig } from './dnsmasq/dnsmasq-config.js';
export {
  DnsmasqDhcpProvider,
  type DnsmasqDhcpProviderOptions,
  portTag,
  renderDnsmasqHost,
  renderDnsmasqOptions,
} from './dnsmasq/dnsmasq-dhcp-provider.js';
export {
  BOOT_DRIVER_INFO_PROPERTIES,
  bootModeFor,
  instanceRamdiskFor,
  type KernelAndRamdisk,
  kernelAppendParamsFor,
  normalizeMac,
  parseCapabilities,
  pxeMacs,
  type RamdiskKind,
  ramdiskImagesFor,
  ramdiskKindFor,
} from './driver-info.js';
export { BootConfigurationError, BootFileNotFound, ImageBuildError, ImageStagingError } from './errors.js';
export { linkOrCopyAtomic, writeFileAtomic } from './fs/atomic.js';
export { isWithin, resolveInside, resolveInsideLexically } from './fs/safe-path.js';
export { isHttpUrl, stageImage } from './fs/stage-image.js';
export {
  type BootHttpRequestLog,
  BootHttpServer,
  type BootHttpServerOptions,
} from './http/boot-http-server.js';
export {
  type FileLease,
  grantLease,
  LEASE_DIR,
  leaseAllows,
  readLease,
  revokeLease,
  sweepExpiredLeases,
} from './http/leases.js';
export {
  type NodeFile,
  nodeHttpDir,
  nodeHttpPath,
  nodeHttpUrl,
  publishNodeFiles,
  requireHttpUrl,
  unpublishNodeFiles,
} from './http/node-files.js';
export { type CpioEntry, findKernelModule, VIRTIO_MODULES, writeCpio } from './initramfs/index.js';
export { type BootIsoOptions, buildBootIso } from './iso/build-iso.js';
export { buildParameterImage, PARAMETER_IMAGE_LABEL, renderParametersFile } from './iso/parameter-image.js';
export { renderIsoGrubConfig, renderIsolinuxConfig } from './iso/templates.js';
export { renderKernelParams } from './kernel-params.js';
export { type BootServices, type BootServicesOptions, startBootServices } from './services.js';
export {
  dataPacket,
  errorPacket,
  oackPacket,
  parseRequest,
  TftpErrorCode,
  TftpOpcode,
  type TftpRequest,
  toNetascii,
} from './tftp/packets.js';
export { TftpServer, type TftpServerOptions, type TftpTransferLog } from './tftp/tftp-server.js';
