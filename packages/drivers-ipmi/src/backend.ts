import type { BootFlags, BootFlagsReading } from './commands/boot.js';
import type { ChassisControlOperation } from './commands/chassis.js';
import type { SensorReading } from './commands/sensors.js';
import type { IpmiDriverInfo } from './driver-info.js';

/**
 * The BMC operations the power and management interfaces need, so the native
 * client and the `ipmitool` binary are interchangeable per node.
 * @public
 */
export interface IpmiBackend {
  /** Whether chassis power is on (Get Chassis Status). */
  isPoweredOn(info: IpmiDriverInfo): Promise<boolean>;
  /** Chassis Control. */
  chassisControl(info: IpmiDriverInfo, operation: ChassisControlOperation): Promise<void>;
  /** Set boot flags (parameter 5), preceded by parameter 3 when `info.disableBootTimeout`. */
  setBootFlags(info: IpmiDriverInfo, flags: BootFlags): Promise<void>;
  /** Read boot flags (parameter 5). */
  getBootFlags(info: IpmiDriverInfo): Promise<BootFlagsReading>;
  /** All sensor readings from the SDR repository (empty when the BMC has no SDRs). */
  readSensors(info: IpmiDriverInfo): Promise<SensorReading[]>;
}
