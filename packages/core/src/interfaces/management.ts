import { UnsupportedDriverExtension } from '../errors/catalog.js';
import type { BootDeviceName, BootModeName } from '../states/power-states.js';
import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** The boot device a BMC reports. `null` fields mean "unknown". @public */
export interface BootDeviceInfo {
  bootDevice: BootDeviceName | null;
  persistent: boolean | null;
}

/** Sensor readings grouped by sensor type, then sensor id. @public */
export type SensorsData = Readonly<
  Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
>;

/** Health as Ironic reports it (1.109). @public */
export type NodeHealth = 'OK' | 'WARNING' | 'CRITICAL';

/** Indicator (LED) states. @public */
export type IndicatorState = 'on' | 'off' | 'blinking' | 'unknown';

/** Virtual media device types. @public */
export type VirtualMediaDevice = 'cdrom' | 'floppy' | 'dvd' | 'usb';

/** One attached virtual medium. @public */
export interface VirtualMediaInfo {
  deviceType: VirtualMediaDevice;
  imageUrl: string | null;
  inserted: boolean;
}

function unsupported(what: string, impl: object): never {
  throw new UnsupportedDriverExtension(`${impl.constructor.name} does not support ${what}.`);
}

/**
 * Out-of-band management: boot device, boot mode, sensors, NMI, indicators and
 * virtual media (Ironic `ManagementInterface`). Optional capabilities throw
 * {@link UnsupportedDriverExtension} unless overridden.
 * @public
 */
export abstract class ManagementInterface extends BaseInterface {
  get interfaceType(): 'management' {
    return 'management';
  }

  /** Boot devices this node can be set to. */
  abstract getSupportedBootDevices(task: Task): Promise<BootDeviceName[]>;
  /** Set the next (or every, if `persistent`) boot device. */
  abstract setBootDevice(
    task: Task,
    device: BootDeviceName,
    options?: { persistent?: boolean },
  ): Promise<void>;
  /** The boot device currently set. */
  abstract getBootDevice(task: Task): Promise<BootDeviceInfo>;
  /** Sensor readings, for telemetry. */
  abstract getSensorsData(task: Task): Promise<SensorsData>;

  /** Boot modes the node supports. */
  async getSupportedBootModes(_task: Task): Promise<BootModeName[]> {
    return unsupported('boot modes', this);
  }
  /** The boot mode in effect. */
  async getBootMode(_task: Task): Promise<BootModeName | null> {
    return unsupported('reading the boot mode', this);
  }
  /** Change the boot mode. */
  async setBootMode(_task: Task, _mode: BootModeName): Promise<void> {
    return unsupported('setting the boot mode', this);
  }
  /** Whether UEFI secure boot is on. */
  async getSecureBootState(_task: Task): Promise<boolean> {
    return unsupported('secure boot', this);
  }
  /** Turn UEFI secure boot on or off. */
  async setSecureBootState(_task: Task, _enabled: boolean): Promise<void> {
    return unsupported('secure boot', this);
  }
  /** Hardware health as the BMC reports it. */
  async getNodeHealth(_task: Task): Promise<NodeHealth | null> {
    return unsupported('node health', this);
  }
  /** Inject a non-maskable interrupt. */
  async injectNmi(_task: Task): Promise<void> {
    return unsupported('NMI injection', this);
  }
  /** Indicators per component (`system`, `chassis`, `disk`…) and the states each accepts. */
  async getSupportedIndicators(_task: Task): Promise<Record<string, Record<string, IndicatorState[]>>> {
    return unsupported('indicators', this);
  }
  /** Set an indicator. */
  async setIndicatorState(
    _task: Task,
    _component: string,
    _indicator: string,
    _state: IndicatorState,
  ): Promise<void> {
    return unsupported('indicators', this);
  }
  /** Read an indicator. */
  async getIndicatorState(_task: Task, _component: string, _indicator: string): Promise<IndicatorState> {
    return unsupported('indicators', this);
  }
  /** The hardware vendor, when the BMC can tell. */
  async detectVendor(_task: Task): Promise<string | null> {
    return unsupported('vendor detection', this);
  }
  /** MAC addresses of the node's NICs, as the BMC knows them. */
  async getMacAddresses(_task: Task): Promise<string[]> {
    return unsupported('MAC address discovery', this);
  }
  /** Attached virtual media. */
  async getVirtualMedia(_task: Task): Promise<VirtualMediaInfo[]> {
    return unsupported('virtual media', this);
  }
  /** Insert an image as virtual media. */
  async attachVirtualMedia(_task: Task, _deviceType: VirtualMediaDevice, _imageUrl: string): Promise<void> {
    return unsupported('virtual media', this);
  }
  /** Eject virtual media (all devices when `deviceTypes` is omitted). */
  async detachVirtualMedia(_task: Task, _deviceTypes?: readonly VirtualMediaDevice[]): Promise<void> {
    return unsupported('virtual media', this);
  }
}
