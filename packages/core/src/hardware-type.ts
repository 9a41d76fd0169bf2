import { NoBIOS } from './implementations/noop/no-bios.js';
import { NoConsole } from './implementations/noop/no-console.js';
import { NoFirmware } from './implementations/noop/no-firmware.js';
import { NoInspect } from './implementations/noop/no-inspect.js';
import { NoRAID } from './implementations/noop/no-raid.js';
import { NoRescue } from './implementations/noop/no-rescue.js';
import { NoVendor } from './implementations/noop/no-vendor.js';
import { NoopNetwork } from './implementations/noop/noop-network.js';
import { NoopStorage } from './implementations/noop/noop-storage.js';
import type {
  BaseInterface,
  ImplementationClass,
  PropertyDescriptions,
} from './interfaces/base-interface.js';
import type { BIOSInterface } from './interfaces/bios.js';
import type { BootInterface } from './interfaces/boot.js';
import type { ConsoleInterface } from './interfaces/console.js';
import type { DeployInterface } from './interfaces/deploy.js';
import type { FirmwareInterface } from './interfaces/firmware.js';
import type { InspectInterface } from './interfaces/inspect.js';
import { INTERFACE_TYPES, type InterfaceType } from './interfaces/interface-type.js';
import type { ManagementInterface } from './interfaces/management.js';
import type { NetworkInterface } from './interfaces/network.js';
import type { PowerInterface } from './interfaces/power.js';
import type { RAIDInterface } from './interfaces/raid.js';
import type { RescueInterface } from './interfaces/rescue.js';
import type { StorageInterface } from './interfaces/storage.js';
import type { VendorInterface } from './interfaces/vendor.js';

/**
 * A supported implementation: its class, or its registered name. Names let a
 * hardware type prefer implementations from packages it does not depend on
 * (e.g. `ipmi` lists `'ipxe'` without importing `@ferric/boot-ipxe`); a name that
 * is not registered is simply not available.
 * @public
 */
export type ImplementationRef<T extends BaseInterface = BaseInterface> = ImplementationClass<T> | string;

/**
 * A hardware type: for each interface type, the implementations it supports, in
 * order of preference (Ironic `AbstractHardwareType`). Boot, deploy, management
 * and power must be given; the others default to their `no-*` implementation.
 * Methods may carry `@periodic`, like interface methods.
 *
 * @example
 * ```ts
 * export class AcmeHardware extends AbstractHardwareType {
 *   readonly supportedPowerInterfaces = [AcmePower];
 *   readonly supportedManagementInterfaces = [AcmeManagement];
 *   readonly supportedBootInterfaces = ['ipxe', 'pxe', FakeBoot];
 *   readonly supportedDeployInterfaces = ['direct', FakeDeploy];
 * }
 * ```
 * @public
 */
export abstract class AbstractHardwareType {
  /** False marks the type untested/deprecated; runtimes warn when loading it. */
  static supported = true;
  /**
   * When true, any registered implementation may be chosen, not just the listed
   * ones (Ironic's `fake-hardware` bypass). For test hardware types only.
   */
  static acceptsAnyInterface = false;

  abstract readonly supportedBootInterfaces: readonly ImplementationRef<BootInterface>[];
  abstract readonly supportedDeployInterfaces: readonly ImplementationRef<DeployInterface>[];
  abstract readonly supportedManagementInterfaces: readonly ImplementationRef<ManagementInterface>[];
  abstract readonly supportedPowerInterfaces: readonly ImplementationRef<PowerInterface>[];

  readonly supportedNetworkInterfaces: readonly ImplementationRef<NetworkInterface>[] = [NoopNetwork];
  readonly supportedBiosInterfaces: readonly ImplementationRef<BIOSInterface>[] = [NoBIOS];
  readonly supportedConsoleInterfaces: readonly ImplementationRef<ConsoleInterface>[] = [NoConsole];
  readonly supportedFirmwareInterfaces: readonly ImplementationRef<FirmwareInterface>[] = [NoFirmware];
  readonly supportedInspectInterfaces: readonly ImplementationRef<InspectInterface>[] = [NoInspect];
  readonly supportedRaidInterfaces: readonly ImplementationRef<RAIDInterface>[] = [NoRAID];
  readonly supportedRescueInterfaces: readonly ImplementationRef<RescueInterface>[] = [NoRescue];
  readonly supportedStorageInterfaces: readonly ImplementationRef<StorageInterface>[] = [NoopStorage];
  readonly supportedVendorInterfaces: readonly ImplementationRef<VendorInterface>[] = [NoVendor];

  /** The supported implementations of one interface type, in order of preference. */
  supportedInterfaces(type: InterfaceType): readonly ImplementationRef[] {
    return this[SUPPORTED_KEY[type]];
  }

  /**
   * `driver_info` keys of the first supported implementation class of every
   * interface type. Runtimes that know the enabled set use their own, more precise
   * version (defaults depend on configuration).
   */
  getProperties(): PropertyDescriptions {
    const properties: Record<string, PropertyDescriptions[string]> = {};
    for (const type of INTERFACE_TYPES) {
      const first = this.supportedInterfaces(type).find((ref) => typeof ref !== 'string');
      if (first && typeof first !== 'string') Object.assign(properties, new first().getProperties());
    }
    return properties;
  }
}

const SUPPORTED_KEY = {
  boot: 'supportedBootInterfaces',
  deploy: 'supportedDeployInterfaces',
  management: 'supportedManagementInterfaces',
  network: 'supportedNetworkInterfaces',
  power: 'supportedPowerInterfaces',
  bios: 'supportedBiosInterfaces',
  console: 'supportedConsoleInterfaces',
  firmware: 'supportedFirmwareInterfaces',
  inspect: 'supportedInspectInterfaces',
  raid: 'supportedRaidInterfaces',
  rescue: 'supportedRescueInterfaces',
  storage: 'supportedStorageInterfaces',
  vendor: 'supportedVendorInterfaces',
} as const satisfies Record<InterfaceType, keyof AbstractHardwareType>;

/** A concrete hardware type class (no constructor arguments, or only `@inject`ed services). @public */
export type HardwareTypeClass = (new (
  ...services: never[]
) => AbstractHardwareType) & {
  prototype: AbstractHardwareType;
  supported?: boolean;
  acceptsAnyInterface?: boolean;
};
