import { InvalidParameterValue } from '../errors/catalog.js';
import type { Task } from '../task.js';
import { BaseInterface, type PropertyDescriptions } from './base-interface.js';

/** Options of {@link RAIDInterface.createConfiguration}. @public */
export interface CreateRaidOptions {
  createRootVolume?: boolean;
  createNonrootVolumes?: boolean;
  deleteExisting?: boolean;
}

/**
 * The keys a logical disk of `target_raid_config` may have, each with a description ending in
 * "Required." or "Optional." — the standard set every RAID implementation understands.
 * @public
 */
export const LOGICAL_DISK_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({
  raid_level: "The disk's RAID level: one of 'JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0'. Required.",
  size_gb: "Size of the logical disk in GiB (an integer), or 'MAX' for whatever space is left. Required.",
  volume_name: 'Name given to the volume; generated when absent. Optional.',
  is_root_volume: 'Whether the node boots from this disk (at most one root volume; default false). Optional.',
  share_physical_disks:
    'Whether other logical disks may use the same physical disks (default false). Optional.',
  disk_type: "Preferred kind of physical disk, 'hdd' or 'ssd'; any kind when absent. Optional.",
  interface_type: "Preferred disk interface, 'sata', 'scsi' or 'sas'; any when absent. Optional.",
  number_of_physical_disks:
    "How many physical disks back the disk; the RAID level's minimum when absent. Optional.",
  controller: 'The RAID controller to build the disk on; chosen by the driver when absent. Optional.',
  physical_disks: 'The physical disks to build the disk from; chosen by the driver when absent. Optional.',
});

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
  /**
   * The keys a logical disk of the target configuration may have, with descriptions (served as
   * `GET /v1/drivers/{name}/raid/logical_disk_properties`). Override to narrow or extend the set.
   */
  getLogicalDiskProperties(): Readonly<Record<string, string>> {
    return LOGICAL_DISK_PROPERTIES;
  }
  /** Build the target configuration. */
  abstract createConfiguration(task: Task, options?: CreateRaidOptions): Promise<void>;
  /** Remove every logical disk. */
  abstract deleteConfiguration(task: Task): Promise<void>;
}
