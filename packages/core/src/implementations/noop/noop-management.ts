import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { type BootDeviceInfo, ManagementInterface, type SensorsData } from '../../interfaces/management.js';
import type { BootDeviceName } from '../../states/power-states.js';

/**
 * `noop` management: boot order is configured by hand on the machine (Ironic
 * `NoopManagement`); setting a boot device is accepted and ignored.
 * @public
 */
export class NoopManagement extends ManagementInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): void {}
  async getSupportedBootDevices(): Promise<BootDeviceName[]> {
    return ['pxe', 'disk'];
  }
  async setBootDevice(): Promise<void> {}
  async getBootDevice(): Promise<BootDeviceInfo> {
    return { bootDevice: null, persistent: null };
  }
  async getSensorsData(): Promise<SensorsData> {
    return {};
  }
}
