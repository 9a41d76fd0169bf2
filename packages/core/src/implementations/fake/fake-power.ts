import { cleanStep } from '../../decorators/steps.js';
import { DriverOperationError } from '../../errors/catalog.js';
import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { PowerInterface } from '../../interfaces/power.js';
import { PowerState, type PowerStateValue, type PowerTarget } from '../../states/power-states.js';
import type { Task } from '../../task.js';
import { FAKE_COMMON_PROPERTIES, fakeLatency } from './fake-latency.js';

const STATE_KEY = 'fake_power_state';

/**
 * `fake` power: a pretend BMC that remembers the power state in
 * `driver_internal_info.fake_power_state`. Set `driver_info.fake_power_fail` to
 * `true` to make it unreachable (power-sync failure handling).
 * @public
 */
export class FakePower extends PowerInterface {
  getProperties(): PropertyDescriptions {
    return {
      ...FAKE_COMMON_PROPERTIES,
      fake_power_fail: {
        description: 'When true, the fake BMC does not answer (tests failure handling). Optional.',
      },
    };
  }

  validate(_task: Task): void {}

  async getPowerState(task: Task): Promise<PowerStateValue> {
    await this.#reach(task);
    const remembered = task.node.driverInternalInfo[STATE_KEY];
    if (remembered === PowerState.ON || remembered === PowerState.OFF) return remembered;
    return task.node.powerState ?? PowerState.OFF;
  }

  async setPowerState(task: Task, target: PowerTarget): Promise<void> {
    await this.#reach(task);
    const reached =
      target === PowerState.OFF || target === PowerState.SOFT_POWER_OFF ? PowerState.OFF : PowerState.ON;
    task.node.driverInternalInfo[STATE_KEY] = reached;
  }

  async reboot(task: Task): Promise<void> {
    await this.#reach(task);
    task.node.driverInternalInfo[STATE_KEY] = PowerState.ON;
  }

  override async getSupportedPowerStates(): Promise<PowerTarget[]> {
    return [
      PowerState.ON,
      PowerState.OFF,
      PowerState.REBOOT,
      PowerState.SOFT_REBOOT,
      PowerState.SOFT_POWER_OFF,
    ];
  }

  /** An out-of-band clean step, so automated cleaning of fake nodes does something observable. */
  @cleanStep({ priority: 0, requiresRamdisk: false })
  async powerCycle(task: Task): Promise<void> {
    await this.reboot(task);
  }

  async #reach(task: Task): Promise<void> {
    await fakeLatency(task);
    if (task.node.driverInfo.fake_power_fail === true) {
      throw new DriverOperationError(
        `Fake BMC of node ${task.node.uuid} does not answer (fake_power_fail is set).`,
      );
    }
  }
}
