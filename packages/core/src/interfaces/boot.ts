import { UnsupportedDriverExtension } from '../errors/catalog.js';
import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** Capabilities a boot implementation can announce (Ironic `capabilities`). @public */
export type BootCapability =
  | 'pxe_boot'
  | 'ipxe_boot'
  | 'ramdisk_boot'
  | 'ramdisk_boot_configdrive'
  | 'iscsi_volume_boot'
  | (string & {});

/** Kernel parameters passed to the deploy ramdisk (agent callback URL, token…). @public */
export type RamdiskParams = Readonly<Record<string, string>>;

/**
 * How a node boots — PXE, iPXE, virtual media — separately from how an image gets on
 * its disk (the seed's BootInterface spec; Ironic `BootInterface`).
 * @public
 */
export abstract class BootInterface extends BaseInterface {
  get interfaceType(): 'boot' {
    return 'boot';
  }

  /** What this boot method can do. */
  readonly capabilities: readonly BootCapability[] = [];

  /** Make the node boot the deploy/rescue ramdisk with `ramdiskParams` on the kernel line. */
  abstract prepareRamdisk(task: Task, ramdiskParams: RamdiskParams): Promise<void>;
  /** Remove everything `prepareRamdisk` created. */
  abstract cleanUpRamdisk(task: Task): Promise<void>;
  /** Make the node boot the deployed instance (local disk or network). */
  abstract prepareInstance(task: Task): Promise<void>;
  /** Remove everything `prepareInstance` created. */
  abstract cleanUpInstance(task: Task): Promise<void>;

  /** Check the node can boot the rescue ramdisk. */
  async validateRescue(_task: Task): Promise<void> {
    throw new UnsupportedDriverExtension(`${this.constructor.name} does not support rescue.`);
  }
  /** Check the node can boot the inspection ramdisk. */
  async validateInspection(_task: Task): Promise<void> {
    throw new UnsupportedDriverExtension(`${this.constructor.name} does not support in-band inspection.`);
  }
}
