import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { VendorInterface } from '../../interfaces/vendor.js';
import { notSupported } from './unsupported.js';

/** `no-vendor`: the node has no vendor support; every call fails with `UnsupportedDriverExtension`. @public */
export class NoVendor extends VendorInterface {
  override getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): never {
    return notSupported('vendor');
  }
}
