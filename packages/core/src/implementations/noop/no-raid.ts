import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { RAIDInterface } from '../../interfaces/raid.js';
import { notSupported } from './unsupported.js';

/** `no-raid`: the node has no raid support; every call fails with `UnsupportedDriverExtension`. @public */
export class NoRAID extends RAIDInterface {
  override getProperties(): PropertyDescriptions {
    return {};
  }
  override getLogicalDiskProperties(): never {
    return notSupported('raid');
  }
  override validate(): never {
    return notSupported('raid');
  }
  async createConfiguration(): Promise<never> {
    return notSupported('raid');
  }
  async deleteConfiguration(): Promise<never> {
    return notSupported('raid');
  }
}
