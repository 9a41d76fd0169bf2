import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { RescueInterface } from '../../interfaces/rescue.js';
import { notSupported } from './unsupported.js';

/** `no-rescue`: the node has no rescue support; every call fails with `UnsupportedDriverExtension`. @public */
export class NoRescue extends RescueInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): never {
    return notSupported('rescue');
  }
  async rescue(): Promise<never> {
    return notSupported('rescue');
  }
  async unrescue(): Promise<never> {
    return notSupported('rescue');
  }
}
