import { InvalidParameterValue } from '../errors/catalog.js';
import type { Task } from '../task.js';
import { BaseInterface, type PropertyDescriptions } from './base-interface.js';

/** Options of {@link RAIDInterface.createConfiguration}. @public */
export interface CreateRaidOptions {
  createRootVolume?: boolean;
  createNonrootVolumes?: boolean;
  deleteExisting?: boolean;
}

/** RAID configuration (Ironic `RAIDInterface`); the target comes from `node.properties.target_raid_config`. @public */
export abstract class RAIDInterface extends BaseInterface {
  get interfaceType(): 'raid' {
    return 'raid';
  }
  getProperties(): PropertyDescriptions {
    return {};
  }
  /** The target RAID config, when present, must be `{ logical_disks: [...] }`. */
  validate(task: Task): void {
    const target = task.node.properties.target_raid_config;
    if (target === undefined || target === null) return;
    const disks = (target as { logical_disks?: unknown }).logical_disks;
    if (typeof target !== 'object' || !Array.isArray(disks)) {
      throw new InvalidParameterValue("target_raid_config must be an object with a 'logical_disks' list.");
    }
  }
  /** Build the target configuration. */
  abstract createConfiguration(task: Task, options?: CreateRaidOptions): Promise<void>;
  /** Remove every logical disk. */
  abstract deleteConfiguration(task: Task): Promise<void>;
}
