import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DhcpProvider } from './dhcp-provider.js';

/** Boot modes Ferric renders configuration for. @public */
export type FirmwareBootMode = 'bios' | 'uefi';

/**
 * Host-side settings every boot implementation reads (Ironic's `[pxe]`, `[deploy]`
 * and `[conductor]` boot options). Boot implementations are singletons built with
 * no arguments, so the process configures them once with {@link configureBoot}.
 * @public
 */
export interface BootConfig {
  /** Base directory for everything below. Default: `$FERRIC_BOOT_DIR` or `~/.local/share/ferric/boot`. */
  dataDir: string;
  /** Directory served over TFTP (PXELINUX/GRUB configs, bootloaders, kernels). Default `<dataDir>/tftpboot`. */
  tftpRoot: string;
  /** Directory served over HTTP (iPXE scripts, kernels, ISOs). Default `<dataDir>/httpboot`. */
  httpRoot: string;
  /** Master image cache (downloaded kernels/ramdisks, hard-linked per node). Default `<dataDir>/cache`. */
  imageCacheDir: string;
  /**
   * The URL nodes reach {@link BootConfig.httpRoot} at (Ironic `[deploy]http_url`), e.g.
   * `http://192.0.2.1:8088`. Required by iPXE and virtual media. Default `$FERRIC_BOOT_HTTP_URL` or `null`.
   */
  httpUrl: string | null;
  /** The TFTP server address handed to nodes over DHCP (`next-server`). Default `null` (the DHCP server itself). */
  tftpServer: string | null;
  /** Kernel parameters added before the ramdisk parameters (Ironic `[pxe]kernel_append_params`). */
  kernelAppendParams: string;
  /** Boot mode when neither the node nor its capabilities say (Ironic `[deploy]default_boot_mode`). */
  defaultBootMode: FirmwareBootMode;
  /** Deploy kernel/ramdisk when `driver_info` names none (Ironic `[conductor]deploy_kernel`). */
  deployKernel: string | null;
  /** See {@link BootConfig.deployKernel}. */
  deployRamdisk: string | null;
  /** Rescue kernel when `driver_info` names none. */
  rescueKernel: string | null;
  /** Rescue ramdisk when `driver_info` names none. */
  rescueRamdisk: string | null;
  /** How long per-node HTTP files stay servable after they are published, in seconds. */
  fileLeaseSeconds: number;
  /** Optional DHCP back end told about boot options per port (e.g. {@link DnsmasqDhcpProvider}). */
  dhcp: DhcpProvider | null;
  /** Where the PXELINUX bootloader and modules are copied from (Debian `pxelinux`, `syslinux-common`). */
  syslinuxDirs: readonly string[];
  /** Where iPXE bootloaders (`undionly.kpxe`, `ipxe.efi`, `snponly.efi`) are copied from (Debian `ipxe`). */
  ipxeDirs: readonly string[];
  /** Where the GRUB network bootloader for UEFI PXE is copied from (Debian `grub-efi-amd64-signed`, `shim-signed`). */
  grubEfiFiles: readonly string[];
}

const KEY = Symbol.for('@ferric/boot-common/config');
type Holder = { [KEY]?: Partial<BootConfig> };

function overrides(): Partial<BootConfig> {
  return (globalThis as Holder)[KEY] ?? {};
}

function defaults(dataDir: string): BootConfig {
  return {
    dataDir,
    tftpRoot: join(dataDir, 'tftpboot'),
    httpRoot: join(dataDir, 'httpboot'),
    imageCacheDir: join(dataDir, 'cache'),
    httpUrl: process.env.FERRIC_BOOT_HTTP_URL ?? null,
    tftpServer: null,
    kernelAppendParams: 'nofb vga=normal',
    defaultBootMode: 'uefi',
    deployKernel: null,
    deployRamdisk: null,
    rescueKernel: null,
    rescueRamdisk: null,
    fileLeaseSeconds: 6 * 3600,
    dhcp: null,
    syslinuxDirs: ['/usr/lib/PXELINUX', '/usr/lib/syslinux/modules/bios', '/usr/lib/syslinux'],
    ipxeDirs: ['/usr/lib/ipxe'],
    grubEfiFiles: ['/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed'],
  };
}

/**
 * Configure the boot services of this process (all of `@ferric/boot-pxe`,
 * `@ferric/boot-ipxe` and `@ferric/boot-vmedia` read it). Later calls merge into
 * earlier ones; directories not given explicitly follow `dataDir`. The setting is
 * kept on `globalThis`, so two copies of this package share it.
 *
 * @example
 * ```ts
 * configureBoot({ dataDir: '/var/lib/ferric/boot', httpUrl: 'http://192.0.2.1:8088' });
 * ```
 * @public
 */
export function configureBoot(settings: Partial<BootConfig>): BootConfig {
  (globalThis as Holder)[KEY] = { ...overrides(), ...settings };
  return getBootConfig();
}

/** Forget everything {@link configureBoot} set (tests). @public */
export function resetBootConfig(): void {
  delete (globalThis as Holder)[KEY];
}

/** The effective configuration: defaults, then `FERRIC_BOOT_*` variables, then {@link configureBoot}. @public */
export function getBootConfig(): BootConfig {
  const set = overrides();
  const dataDir =
    set.dataDir ?? process.env.FERRIC_BOOT_DIR ?? join(homedir(), '.local', 'share', 'ferric', 'boot');
  const merged: BootConfig = { ...defaults(dataDir) };
  for (const [key, value] of Object.entries(set)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  if (merged.httpUrl) merged.httpUrl = merged.httpUrl.replace(/\/+$/, '');
  return merged;
}
