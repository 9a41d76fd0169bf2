import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import type { BootCapability, RamdiskParams } from '../../interfaces/boot.js';
import { BootInterface } from '../../interfaces/boot.js';
import type { Task } from '../../task.js';

/** `fake` boot: remembers what it was asked to boot in `driver_internal_info.fake_boot`. @public */
export class FakeBoot extends BootInterface {
  override readonly capabilities: readonly BootCapability[] = ['pxe_boot', 'ramdisk_boot'];

  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(_task: Task): void {}
  async prepareRamdisk(task: Task, _ramdiskParams: RamdiskParams): Promise<void> {
    task.node.driverInternalInfo.fake_boot = 'ramdisk';
  }
  async cleanUpRamdisk(task: Task): Promise<void> {
    delete task.node.driverInternalInfo.fake_boot;
  }
  async prepareInstance(task: Task): Promise<void> {
    task.node.driverInternalInfo.fake_boot = 'instance';
  }
  async cleanUpInstance(task: Task): Promise<void> {
    delete task.node.driverInternalInfo.fake_boot;
  }
  override async validateRescue(): Promise<void> {}
  override async validateInspection(): Promise<void> {}
}
