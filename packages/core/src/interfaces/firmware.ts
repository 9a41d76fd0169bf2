import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** One firmware update request. @public */
export interface FirmwareUpdate {
  component: string;
  url: string;
  checksum?: string;
}

/** Firmware updates (Ironic `FirmwareInterface`). @public */
export abstract class FirmwareInterface extends BaseInterface {
  get interfaceType(): 'firmware' {
    return 'firmware';
  }
  /** Update components; may return `'clean wait'` and poll completion in a periodic. */
  abstract update(task: Task, settings: readonly FirmwareUpdate[]): Promise<unknown>;
  /** Read component versions and store them for the API. */
  abstract cacheFirmwareComponents(task: Task): Promise<void>;
}
