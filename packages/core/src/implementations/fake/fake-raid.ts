import { cleanStep, deployStep } from '../../decorators/steps.js';
import { type CreateRaidOptions, RAIDInterface } from '../../interfaces/raid.js';
import type { JsonValue, Task } from '../../task.js';

/** `fake` raid: "builds" `properties.target_raid_config` into `driver_internal_info.fake_raid_config`. @public */
export class FakeRAID extends RAIDInterface {
  @cleanStep({ priority: 0, requiresRamdisk: false })
  @deployStep({ priority: 0 })
  async createConfiguration(task: Task, _options?: CreateRaidOptions): Promise<void> {
    task.node.driverInternalInfo.fake_raid_config = (task.node.properties.target_raid_config ??
      null) as JsonValue;
  }
  @cleanStep({ priority: 0, requiresRamdisk: false })
  @deployStep({ priority: 0 })
  async deleteConfiguration(task: Task): Promise<void> {
    delete task.node.driverInternalInfo.fake_raid_config;
  }
}
