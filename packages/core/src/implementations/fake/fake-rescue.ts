import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { RescueInterface } from '../../interfaces/rescue.js';
import { ProvisionState } from '../../states/provision-states.js';
import type { Task } from '../../task.js';

/** `fake` rescue: enters and leaves rescue at once. @public */
export class FakeRescue extends RescueInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(_task: Task): void {}
  async rescue(_task: Task): Promise<typeof ProvisionState.RESCUE> {
    return ProvisionState.RESCUE;
  }
  async unrescue(_task: Task): Promise<typeof ProvisionState.ACTIVE> {
    return ProvisionState.ACTIVE;
  }
}
