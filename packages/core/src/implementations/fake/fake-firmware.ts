import { cleanStep } from '../../decorators/steps.js';
import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { FirmwareInterface, type FirmwareUpdate } from '../../interfaces/firmware.js';
import type { Task } from '../../task.js';

/** `fake` firmware: records requested updates in `driver_internal_info.fake_firmware`. @public */
export class FakeFirmware extends FirmwareInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(_task: Task): void {}
  @cleanStep({
    priority: 0,
    requiresRamdisk: false,
    argsinfo: { settings: { description: 'A list of {component, url} updates.', required: true } },
  })
  async update(
    task: Task,
    args: { settings?: readonly FirmwareUpdate[] } | readonly FirmwareUpdate[],
  ): Promise<void> {
    const list = Array.isArray(args)
      ? args
      : ((args as { settings?: readonly FirmwareUpdate[] }).settings ?? []);
    task.node.driverInternalInfo.fake_firmware = list.map((u) => ({ component: u.component, url: u.url }));
  }
  async cacheFirmwareComponents(_task: Task): Promise<void> {}
}
