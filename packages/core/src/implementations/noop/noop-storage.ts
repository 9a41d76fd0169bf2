import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { StorageInterface } from '../../interfaces/storage.js';

/** `noop` storage: local disks only; the image is always written (Ironic `NoopStorage`). @public */
export class NoopStorage extends StorageInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): void {}
  async attachVolumes(): Promise<void> {}
  async detachVolumes(): Promise<void> {}
  shouldWriteImage(): boolean {
    return true;
  }
}
