/** Settings of the `ipxe` boot interface (Ironic `[pxe]boot_retry_*`, `[ipxe]`). @public */
export interface IpxeConfig {
  /** Attempts to download kernel and ramdisk before the fallback menu. Default 10. */
  retries: number;
  /** Pause between attempts, seconds. Default 5. */
  retryDelaySeconds: number;
  /** How long the fallback menu waits before its default (reboot), seconds. Default 30. */
  menuTimeoutSeconds: number;
}

const KEY = Symbol.for('@ferric/boot-ipxe/config');
type Holder = { [KEY]?: Partial<IpxeConfig> };
const DEFAULTS: IpxeConfig = { retries: 10, retryDelaySeconds: 5, menuTimeoutSeconds: 30 };

/**
 * Configure the `ipxe` boot interface of this process (merged into earlier
 * calls). Host-side paths and URLs come from `configureBoot`.
 * @public
 */
export function configureIpxe(settings: Partial<IpxeConfig>): IpxeConfig {
  (globalThis as Holder)[KEY] = { ...(globalThis as Holder)[KEY], ...settings };
  return getIpxeConfig();
}

/** The effective iPXE settings. @public */
export function getIpxeConfig(): IpxeConfig {
  return { ...DEFAULTS, ...(globalThis as Holder)[KEY] };
}

/** Forget {@link configureIpxe} settings (tests). @public */
export function resetIpxeConfig(): void {
  delete (globalThis as Holder)[KEY];
}
