import { deployStep, PowerState, type StepResult, type Task } from '@ferric/core';
import { AgentDeployBase } from './agent-base.js';

/**
 * `ramdisk` deploy (Ironic `RamdiskDeploy`): nothing is written to disk; the boot interface boots
 * `instance_info.kernel`/`ramdisk` (or a boot ISO) as the instance. Cleaning still uses the agent.
 * @public
 */
export class RamdiskDeploy extends AgentDeployBase {
  /** Prepare the instance boot (network or virtual media) and power the node on: done. */
  @deployStep({ priority: 100 })
  async deploy(task: Task): Promise<StepResult> {
    await task.driver.power.setPowerState(task, PowerState.OFF);
    await task.driver.boot.prepareInstance(task);
    await task.driver.power.setPowerState(task, PowerState.ON);
    task.node.powerState = PowerState.ON;
    return undefined;
  }

  async prepare(_task: Task): Promise<void> {}

  async cleanUp(task: Task): Promise<void> {
    await task.driver.boot.cleanUpInstance(task);
  }

  async takeOver(task: Task): Promise<void> {
    await task.driver.boot.prepareInstance(task);
  }
}
