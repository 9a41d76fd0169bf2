import {
  BootDevice,
  type BootDeviceInfo,
  type BootDeviceName,
  BootMode,
  type BootModeName,
  InvalidParameterValue,
  ManagementInterface,
  type NodeData,
  type PropertyDescriptions,
  type SensorsData,
  type Task,
} from '@ferric/core';
import { backendFor } from './backend-select.js';
import type { BootDeviceName as IpmiBootDevice } from './commands/boot.js';
import { ChassisControl } from './commands/chassis.js';
import { SENSOR_TYPE_NAMES, type SensorReading } from './commands/sensors.js';
import { IPMI_PROPERTIES, parseDriverInfo } from './driver-info.js';

const TO_IPMI: Partial<Record<BootDeviceName, IpmiBootDevice>> = {
  [BootDevice.PXE]: 'pxe',
  [BootDevice.DISK]: 'disk',
  [BootDevice.CDROM]: 'cdrom',
  [BootDevice.BIOS]: 'bios',
  [BootDevice.SAFE]: 'safe',
};

const FROM_IPMI: Partial<Record<IpmiBootDevice, BootDeviceName>> = {
  pxe: BootDevice.PXE,
  disk: BootDevice.DISK,
  cdrom: BootDevice.CDROM,
  bios: BootDevice.BIOS,
  safe: BootDevice.SAFE,
  floppy: BootDevice.FLOPPY,
};

/**
 * The node's boot mode as Ironic derives it: `instance_info.deploy_boot_mode`,
 * then the `boot_mode` capability, then UEFI (Ironic's default since Yoga).
 */
export function nodeBootMode(node: NodeData): BootModeName {
  const fromInstance = node.instanceInfo.deploy_boot_mode;
  if (fromInstance === BootMode.BIOS || fromInstance === BootMode.UEFI) return fromInstance;
  const caps = node.properties.capabilities;
  const text =
    typeof caps === 'string'
      ? caps
      : caps && typeof caps === 'object' && !Array.isArray(caps)
        ? Object.entries(caps)
            .map(([k, v]) => `${k}:${String(v)}`)
            .join(',')
        : '';
  const match = /(?:^|,)\s*boot_mode\s*:\s*(bios|uefi)\s*(?:,|$)/.exec(text);
  return (match?.[1] as BootModeName | undefined) ?? BootMode.UEFI;
}

/**
 * `ipmitool` management interface: boot device (System Boot Options parameter
 * 5, with the EFI bit from the node's boot mode), boot mode read back from the
 * same flags, sensors from the SDR repository, and NMI via Chassis Control.
 * @public
 */
export class IpmitoolManagement extends ManagementInterface {
  getProperties(): PropertyDescriptions {
    return IPMI_PROPERTIES;
  }

  validate(task: Task): void {
    parseDriverInfo(task.node.driverInfo);
  }

  async getSupportedBootDevices(_task: Task): Promise<BootDeviceName[]> {
    return [BootDevice.PXE, BootDevice.DISK, BootDevice.CDROM, BootDevice.BIOS, BootDevice.SAFE];
  }

  async setBootDevice(
    task: Task,
    device: BootDeviceName,
    options: { persistent?: boolean } = {},
  ): Promise<void> {
    const ipmiDevice = TO_IPMI[device];
    if (!ipmiDevice) {
      throw new InvalidParameterValue(
        `Boot device '${device}' is not supported by IPMI; use one of ${Object.keys(TO_IPMI).join(', ')}.`,
      );
    }
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    const efi = nodeBootMode(task.node) === BootMode.UEFI;
    const persistent = options.persistent ?? false;
    task.logger.info({ node: task.node.uuid, device, persistent, efi }, 'IPMI set boot device');
    await backendFor(info).setBootFlags(info, { device: ipmiDevice, persistent, efi });
  }

  /**
   * The boot device the BMC reports. `persistent` is null when the BMC does not
   * mark the flags valid (OpenIPMI's ipmi_sim keeps only the device), because
   * the persistence bit is then meaningless.
   */
  async getBootDevice(task: Task): Promise<BootDeviceInfo> {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    const flags = await backendFor(info).getBootFlags(info);
    const bootDevice = FROM_IPMI[flags.device] ?? null;
    return { bootDevice, persistent: bootDevice && flags.valid ? flags.persistent : null };
  }

  override async getSupportedBootModes(_task: Task): Promise<BootModeName[]> {
    return [BootMode.BIOS, BootMode.UEFI];
  }

  /** The EFI bit of valid boot flags; null when the BMC has no valid override to tell from. */
  override async getBootMode(task: Task): Promise<BootModeName | null> {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    const flags = await backendFor(info).getBootFlags(info);
    if (!flags.valid) return null;
    return flags.efi ? BootMode.UEFI : BootMode.BIOS;
  }

  /** Rewrite the current boot override with the EFI bit for `mode` (IPMI has no separate boot mode setting). */
  override async setBootMode(task: Task, mode: BootModeName): Promise<void> {
    if (mode !== BootMode.BIOS && mode !== BootMode.UEFI)
      throw new InvalidParameterValue(`Unknown boot mode '${String(mode)}'.`);
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    const backend = backendFor(info);
    const flags = await backend.getBootFlags(info);
    await backend.setBootFlags(info, {
      device: flags.device,
      persistent: flags.valid && flags.persistent,
      efi: mode === BootMode.UEFI,
    });
  }

  async getSensorsData(task: Task): Promise<SensorsData> {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    return toSensorsData(await backendFor(info).readSensors(info));
  }

  /** Pulse the diagnostic interrupt (NMI) via Chassis Control. */
  override async injectNmi(task: Task): Promise<void> {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    task.logger.info({ node: task.node.uuid }, 'IPMI inject NMI');
    await backendFor(info).chassisControl(info, ChassisControl.diagnosticInterrupt);
  }
}

/**
 * Group readings like Ironic's ipmitool driver: `{ sensor type: { "name (id)": { "Sensor ID", "Sensor Reading", ... } } }`.
 * @public
 */
export function toSensorsData(readings: readonly SensorReading[]): SensorsData {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const r of readings) {
    const type =
      SENSOR_TYPE_NAMES[r.record.sensorType] ?? `Type 0x${r.record.sensorType.toString(16).padStart(2, '0')}`;
    const id = `${r.record.name} (0x${r.record.sensorNumber.toString(16)})`;
    out[type] ??= {};
    const group = out[type];
    group[id] = {
      'Sensor ID': id,
      'Entity ID': r.record.name,
      'Sensor Type (Threshold)': `${type} (0x${r.record.sensorType.toString(16).padStart(2, '0')})`,
      'Sensor Reading': r.available
        ? r.value !== undefined
          ? `${r.value} (+/- 0) ${r.unitName}`
          : `0x${r.raw.toString(16).padStart(2, '0')}`
        : 'Unavailable',
      Status: r.available ? 'ok' : 'Unavailable',
      'Raw State': `0x${r.state.toString(16).padStart(4, '0')}`,
    };
  }
  return out;
}
