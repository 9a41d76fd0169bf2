import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { BIOSInterface } from '../../interfaces/bios.js';
import { notSupported } from './unsupported.js';

/** `no-bios`: the node has no bios support; every call fails with `UnsupportedDriverExtension`. @public */
export class NoBIOS extends BIOSInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): never {
    return notSupported('bios');
  }
  async applyConfiguration(): Promise<never> {
    return notSupported('bios');
  }
  async factoryReset(): Promise<never> {
    return notSupported('bios');
  }
  async cacheBiosSettings(): Promise<never> {
    return notSupported('bios');
  }
}
