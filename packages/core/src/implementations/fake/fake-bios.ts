import { cleanStep, deployStep } from '../../decorators/steps.js';
import { InvalidParameterValue } from '../../errors/catalog.js';
import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { BIOSInterface, type BiosSetting } from '../../interfaces/bios.js';
import type { JsonObject, Task } from '../../task.js';

const SETTINGS_ARG = { settings: { description: 'A list of {name, value} BIOS settings.', required: true } };

/** `fake` bios: settings live in `driver_internal_info.fake_bios`. @public */
export class FakeBIOS extends BIOSInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(_task: Task): void {}

  @cleanStep({ priority: 0, argsinfo: SETTINGS_ARG, requiresRamdisk: false })
  @deployStep({ priority: 0, argsinfo: SETTINGS_ARG })
  async applyConfiguration(
    task: Task,
    settings: readonly BiosSetting[] | { settings?: unknown },
  ): Promise<void> {
    // Steps receive their args object; direct callers pass the list itself.
    const list = Array.isArray(settings) ? settings : (settings as { settings?: unknown }).settings;
    if (!Array.isArray(list))
      throw new InvalidParameterValue('BIOS settings must be a list of {name, value}.');
    const bios = { ...((task.node.driverInternalInfo.fake_bios ?? {}) as JsonObject) };
    for (const item of list as BiosSetting[]) bios[item.name] = item.value;
    task.node.driverInternalInfo.fake_bios = bios;
  }

  @cleanStep({ priority: 0, requiresRamdisk: false })
  async factoryReset(task: Task): Promise<void> {
    task.node.driverInternalInfo.fake_bios = {};
  }

  async cacheBiosSettings(_task: Task): Promise<void> {}
}
