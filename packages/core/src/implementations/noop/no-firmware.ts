import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { FirmwareInterface } from '../../interfaces/firmware.js';
import { notSupported } from './unsupported.js';

/** `no-firmware`: the node has no firmware support; every call fails with `UnsupportedDriverExtension`. @public */
export class NoFirmware extends FirmwareInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): never {
    return notSupported('firmware');
  }
  async update(): Promise<never> {
    return notSupported('firmware');
  }
  async cacheFirmwareComponents(): Promise<never> {
    return notSupported('firmware');
  }
}
