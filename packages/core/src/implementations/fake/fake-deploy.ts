import { cleanStep, deployStep } from '../../decorators/steps.js';
import type { PropertyDescriptions, StepResult } from '../../interfaces/base-interface.js';
import { DeployInterface } from '../../interfaces/deploy.js';
import { PowerState } from '../../states/power-states.js';
import type { Task } from '../../task.js';
import { FAKE_COMMON_PROPERTIES, fakeLatency } from './fake-latency.js';

/**
 * `fake` deploy: deploying completes (after `driver_info.fake_latency_ms`, if set)
 * and powers the node on; tearing down powers it off. It offers one automated clean
 * step so that cleaning fake nodes runs a real step.
 * @public
 */
export class FakeDeploy extends DeployInterface {
  getProperties(): PropertyDescriptions {
    return { ...FAKE_COMMON_PROPERTIES };
  }

  validate(_task: Task): void {}

  @deployStep({ priority: 100 })
  async deploy(task: Task): Promise<StepResult> {
    await fakeLatency(task);
    await task.driver.power.setPowerState(task, PowerState.ON);
    task.node.powerState = PowerState.ON;
    return undefined;
  }

  async tearDown(task: Task): Promise<void> {
    await fakeLatency(task);
    await task.driver.power.setPowerState(task, PowerState.OFF);
    task.node.powerState = PowerState.OFF;
  }

  async prepare(_task: Task): Promise<void> {}
  async cleanUp(_task: Task): Promise<void> {}
  async takeOver(_task: Task): Promise<void> {}

  /** Pretend to wipe the disks' metadata (records when, for tests to see). */
  @cleanStep({ priority: 99, abortable: true, requiresRamdisk: false })
  async eraseDevicesMetadata(task: Task): Promise<void> {
    await fakeLatency(task);
    task.node.driverInternalInfo.fake_erased_at = new Date().toISOString();
  }
}
