import type { ProvisionState } from '../states/provision-states.js';
import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** Boot an active node into a rescue environment and back (Ironic `RescueInterface`). @public */
export abstract class RescueInterface extends BaseInterface {
  get interfaceType(): 'rescue' {
    return 'rescue';
  }
  /** Start rescue; `'rescue wait'` when the agent will call back, `'rescue'` when done. */
  abstract rescue(task: Task): Promise<typeof ProvisionState.RESCUEWAIT | typeof ProvisionState.RESCUE>;
  /** Leave rescue; resolves to `'active'`. */
  abstract unrescue(task: Task): Promise<typeof ProvisionState.ACTIVE>;
  /** Clean up after a failed or aborted rescue. */
  async cleanUp(_task: Task): Promise<void> {}
}
