import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** Remote volumes (Ironic `StorageInterface`). @public */
export abstract class StorageInterface extends BaseInterface {
  get interfaceType(): 'storage' {
    return 'storage';
  }
  abstract attachVolumes(task: Task): Promise<void>;
  abstract detachVolumes(task: Task): Promise<void>;
  /** False when the node boots from a remote volume and no image must be written. */
  abstract shouldWriteImage(task: Task): boolean;
}
