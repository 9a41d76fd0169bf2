import { UnsupportedDriverExtension } from '../errors/catalog.js';
import type { ProvisionState } from '../states/provision-states.js';
import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** Properties inspection must discover (Ironic `ESSENTIAL_PROPERTIES`). @public */
export const ESSENTIAL_PROPERTIES: readonly string[] = ['memory_mb', 'local_gb', 'cpu_arch'];

/** Hardware introspection (Ironic `InspectInterface`). @public */
export abstract class InspectInterface extends BaseInterface {
  get interfaceType(): 'inspect' {
    return 'inspect';
  }
  /**
   * Discover properties (and ports). Resolve to `'manageable'` when done, or
   * `'inspect wait'` when an in-band agent will post the inventory later.
   */
  abstract inspectHardware(
    task: Task,
  ): Promise<typeof ProvisionState.MANAGEABLE | typeof ProvisionState.INSPECTWAIT | undefined>;
  /** Abort an inspection in progress. */
  async abort(_task: Task): Promise<void> {
    throw new UnsupportedDriverExtension(`${this.constructor.name} cannot abort inspection.`);
  }
  /** In-band inspection data arrived from the agent. */
  async continueInspection(
    _task: Task,
    _inventory: Readonly<Record<string, unknown>>,
    _pluginData?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    throw new UnsupportedDriverExtension(`${this.constructor.name} does not support in-band inspection.`);
  }
}
