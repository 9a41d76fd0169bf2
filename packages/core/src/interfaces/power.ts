import { PowerState, type PowerStateValue, type PowerTarget } from '../states/power-states.js';
import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** Options of a power action. @public */
export interface PowerActionOptions {
  /** Seconds to wait for the BMC to reach the target state (soft actions: before giving up). */
  timeout?: number;
}

/**
 * Power control (Ironic `PowerInterface`).
 * @public
 */
export abstract class PowerInterface extends BaseInterface {
  get interfaceType(): 'power' {
    return 'power';
  }

  /** The node's actual power state as the BMC reports it. */
  abstract getPowerState(task: Task): Promise<PowerStateValue>;

  /**
   * Move the node to `target` and resolve once the BMC reports it (or throw
   * `PowerStateFailure` after `timeout`).
   */
  abstract setPowerState(task: Task, target: PowerTarget, options?: PowerActionOptions): Promise<void>;

  /** Hard reboot: power cycle, ending powered on. */
  abstract reboot(task: Task, options?: PowerActionOptions): Promise<void>;

  /** Power targets this implementation can reach (soft states only if implemented). */
  async getSupportedPowerStates(_task: Task): Promise<PowerTarget[]> {
    return [PowerState.ON, PowerState.OFF, PowerState.REBOOT];
  }

  /** Whether the conductor may force the recorded power state onto the hardware during sync. */
  supportsPowerSync(_task: Task): boolean {
    return true;
  }
}
