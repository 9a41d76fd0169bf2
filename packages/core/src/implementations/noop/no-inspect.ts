import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { InspectInterface } from '../../interfaces/inspect.js';
import { notSupported } from './unsupported.js';

/** `no-inspect`: the node has no inspect support; every call fails with `UnsupportedDriverExtension`. @public */
export class NoInspect extends InspectInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): never {
    return notSupported('inspect');
  }
  async inspectHardware(): Promise<never> {
    return notSupported('inspect');
  }
}
