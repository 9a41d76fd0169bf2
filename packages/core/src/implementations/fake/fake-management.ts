import { verifyStep } from '../../decorators/steps.js';
import { InvalidParameterValue } from '../../errors/catalog.js';
import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import {
  type BootDeviceInfo,
  type IndicatorState,
  ManagementInterface,
  type NodeHealth,
  type SensorsData,
  type VirtualMediaDevice,
  type VirtualMediaInfo,
} from '../../interfaces/management.js';
import { BootDevice, type BootDeviceName, BootMode, type BootModeName } from '../../states/power-states.js';
import type { JsonObject, Task } from '../../task.js';
import { FAKE_COMMON_PROPERTIES, fakeLatency } from './fake-latency.js';

const SUPPORTED: readonly BootDeviceName[] = [
  BootDevice.PXE,
  BootDevice.DISK,
  BootDevice.CDROM,
  BootDevice.BIOS,
  BootDevice.SAFE,
];

/**
 * `fake` management: boot device, boot mode, secure boot, indicators and virtual
 * media remembered in `driver_internal_info`; steady fake sensor readings.
 * @public
 */
export class FakeManagement extends ManagementInterface {
  getProperties(): PropertyDescriptions {
    return { ...FAKE_COMMON_PROPERTIES };
  }

  validate(_task: Task): void {}

  async getSupportedBootDevices(): Promise<BootDeviceName[]> {
    return [...SUPPORTED];
  }

  async setBootDevice(
    task: Task,
    device: BootDeviceName,
    options: { persistent?: boolean } = {},
  ): Promise<void> {
    await fakeLatency(task);
    if (!SUPPORTED.includes(device)) {
      throw new InvalidParameterValue(
        `Boot device '${device}' is not supported (supported: ${SUPPORTED.join(', ')}).`,
      );
    }
    task.node.driverInternalInfo.fake_boot_device = {
      boot_device: device,
      persistent: options.persistent ?? false,
    };
  }

  async getBootDevice(task: Task): Promise<BootDeviceInfo> {
    await fakeLatency(task);
    const stored = task.node.driverInternalInfo.fake_boot_device as JsonObject | undefined;
    return {
      bootDevice: (stored?.boot_device as BootDeviceName | undefined) ?? BootDevice.DISK,
      persistent: (stored?.persistent as boolean | undefined) ?? true,
    };
  }

  async getSensorsData(task: Task): Promise<SensorsData> {
    return {
      Temperature: {
        'CPU1 Temp': { Sensor_Reading: '42 degrees C', Sensor_ID: 'CPU1 Temp', Node: task.node.uuid },
      },
      Fan: { 'Fan 1': { Sensor_Reading: '4200 RPM', Sensor_ID: 'Fan 1', Node: task.node.uuid } },
    };
  }

  override async getSupportedBootModes(): Promise<BootModeName[]> {
    return [BootMode.BIOS, BootMode.UEFI];
  }

  override async getBootMode(task: Task): Promise<BootModeName | null> {
    return (task.node.driverInternalInfo.fake_boot_mode as BootModeName | undefined) ?? BootMode.UEFI;
  }

  override async setBootMode(task: Task, mode: BootModeName): Promise<void> {
    task.node.driverInternalInfo.fake_boot_mode = mode;
  }

  override async getSecureBootState(task: Task): Promise<boolean> {
    return task.node.driverInternalInfo.fake_secure_boot === true;
  }

  override async setSecureBootState(task: Task, enabled: boolean): Promise<void> {
    task.node.driverInternalInfo.fake_secure_boot = enabled;
  }

  override async getNodeHealth(): Promise<NodeHealth> {
    return 'OK';
  }

  override async injectNmi(task: Task): Promise<void> {
    await fakeLatency(task);
  }

  override async getSupportedIndicators(): Promise<Record<string, Record<string, IndicatorState[]>>> {
    return { system: { led: ['on', 'off', 'blinking'] } };
  }

  override async setIndicatorState(
    task: Task,
    component: string,
    indicator: string,
    state: IndicatorState,
  ): Promise<void> {
    task.node.driverInternalInfo[`fake_indicator_${component}_${indicator}`] = state;
  }

  override async getIndicatorState(
    task: Task,
    component: string,
    indicator: string,
  ): Promise<IndicatorState> {
    return (
      (task.node.driverInternalInfo[`fake_indicator_${component}_${indicator}`] as IndicatorState) ?? 'off'
    );
  }

  override async getMacAddresses(task: Task): Promise<string[]> {
    return task.ports.map((port) => port.address);
  }

  override async getVirtualMedia(task: Task): Promise<VirtualMediaInfo[]> {
    const media = (task.node.driverInternalInfo.fake_vmedia ?? {}) as Record<string, string>;
    return Object.entries(media).map(([deviceType, imageUrl]) => ({
      deviceType: deviceType as VirtualMediaDevice,
      imageUrl,
      inserted: true,
    }));
  }

  override async attachVirtualMedia(
    task: Task,
    deviceType: VirtualMediaDevice,
    imageUrl: string,
  ): Promise<void> {
    const media = { ...((task.node.driverInternalInfo.fake_vmedia ?? {}) as JsonObject) };
    media[deviceType] = imageUrl;
    task.node.driverInternalInfo.fake_vmedia = media;
  }

  override async detachVirtualMedia(task: Task, deviceTypes?: readonly VirtualMediaDevice[]): Promise<void> {
    const media = { ...((task.node.driverInternalInfo.fake_vmedia ?? {}) as JsonObject) };
    for (const type of deviceTypes ?? (Object.keys(media) as VirtualMediaDevice[])) delete media[type];
    task.node.driverInternalInfo.fake_vmedia = media;
  }

  /** Runs on `manage`: the fake BMC must answer. */
  @verifyStep({ priority: 10 })
  async verifyBmcAnswers(task: Task): Promise<void> {
    await task.driver.power.getPowerState(task);
  }
}
