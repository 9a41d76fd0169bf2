import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** One BIOS setting to apply. @public */
export interface BiosSetting {
  name: string;
  value: string | number | boolean | null;
}

/** BIOS settings (Ironic `BIOSInterface`). @public */
export abstract class BIOSInterface extends BaseInterface {
  get interfaceType(): 'bios' {
    return 'bios';
  }
  /** Apply settings (usually takes effect at next reboot). */
  abstract applyConfiguration(task: Task, settings: readonly BiosSetting[]): Promise<void>;
  /** Restore factory defaults. */
  abstract factoryReset(task: Task): Promise<void>;
  /** Read the current settings and store them for the API. */
  abstract cacheBiosSettings(task: Task): Promise<void>;
}
