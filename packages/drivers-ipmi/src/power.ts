import {
  InvalidParameterValue,
  type PowerActionOptions,
  PowerInterface,
  PowerState,
  PowerStateFailure,
  type PowerStateValue,
  type PowerTarget,
  type PropertyDescriptions,
  type Task,
} from '@ferric/core';
import { backendFor } from './backend-select.js';
import { ChassisControl } from './commands/chassis.js';
import { IPMI_PROPERTIES, type IpmiDriverInfo, parseDriverInfo } from './driver-info.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `ipmitool` power interface (Ironic's name, kept so node definitions carry
 * over): power state via Get Chassis Status and changes via Chassis Control,
 * each verified by polling until the BMC reports the target state or the
 * timeout passes. Talks RMCP+ natively unless `driver_info.ipmi_client` is
 * `ipmitool`.
 * @public
 */
export class IpmitoolPower extends PowerInterface {
  getProperties(): PropertyDescriptions {
    return IPMI_PROPERTIES;
  }

  validate(task: Task): void {
    parseDriverInfo(task.node.driverInfo);
  }

  async getPowerState(task: Task): Promise<PowerStateValue> {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    return (await backendFor(info).isPoweredOn(info)) ? PowerState.ON : PowerState.OFF;
  }

  override async getSupportedPowerStates(_task: Task): Promise<PowerTarget[]> {
    return [
      PowerState.ON,
      PowerState.OFF,
      PowerState.REBOOT,
      PowerState.SOFT_REBOOT,
      PowerState.SOFT_POWER_OFF,
    ];
  }

  async setPowerState(task: Task, target: PowerTarget, options: PowerActionOptions = {}): Promise<void> {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    const timeout = options.timeout ?? info.powerTimeout;
    const log = task.logger.child({ node: task.node.uuid, bmc: `${info.address}:${info.port}` });
    switch (target) {
      case PowerState.ON:
        log.info({ target }, 'IPMI power on');
        await this.change(task, info, ChassisControl.powerUp, PowerState.ON, timeout);
        return;
      case PowerState.OFF:
        log.info({ target }, 'IPMI power off');
        await this.change(task, info, ChassisControl.powerDown, PowerState.OFF, timeout);
        return;
      case PowerState.SOFT_POWER_OFF:
        log.info({ target }, 'IPMI soft power off (ACPI)');
        await this.change(task, info, ChassisControl.softOff, PowerState.OFF, timeout);
        return;
      case PowerState.REBOOT:
        await this.reboot(task, options);
        return;
      case PowerState.SOFT_REBOOT:
        log.info({ target }, 'IPMI soft reboot (ACPI off, then on)');
        if ((await this.getPowerState(task)) === PowerState.ON) {
          await this.change(task, info, ChassisControl.softOff, PowerState.OFF, timeout);
        }
        await this.change(task, info, ChassisControl.powerUp, PowerState.ON, timeout);
        return;
      default:
        throw new InvalidParameterValue(
          `Unsupported power target ${JSON.stringify(target)} for the ipmitool power interface.`,
        );
    }
  }

  /**
   * Hard reboot as Ironic's ipmitool driver does it: power off (verified), then
   * power on (verified). Unlike Chassis Control "power cycle", it also works
   * when the node is off, and it proves both transitions happened.
   */
  async reboot(task: Task, options: PowerActionOptions = {}): Promise<void> {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    const timeout = options.timeout ?? info.powerTimeout;
    task.logger.info(
      { node: task.node.uuid, bmc: `${info.address}:${info.port}` },
      'IPMI reboot (off, then on)',
    );
    if ((await this.getPowerState(task)) === PowerState.ON) {
      await this.change(task, info, ChassisControl.powerDown, PowerState.OFF, timeout);
    }
    await this.change(task, info, ChassisControl.powerUp, PowerState.ON, timeout);
  }

  private async change(
    task: Task,
    info: IpmiDriverInfo,
    operation: (typeof ChassisControl)[keyof typeof ChassisControl],
    expected: typeof PowerState.ON | typeof PowerState.OFF,
    timeoutSeconds: number,
  ): Promise<void> {
    const backend = backendFor(info);
    await backend.chassisControl(info, operation);
    const deadline = Date.now() + timeoutSeconds * 1000;
    let state: PowerStateValue = null;
    for (;;) {
      state = (await backend.isPoweredOn(info)) ? PowerState.ON : PowerState.OFF;
      if (state === expected) return;
      if (Date.now() >= deadline) break;
      await sleep(Math.min(info.powerPollInterval * 1000, Math.max(0, deadline - Date.now())));
    }
    throw new PowerStateFailure(
      `Node ${task.node.uuid}: BMC ${info.address}:${info.port} still reports '${state}' ${timeoutSeconds} s after requesting '${expected}'.`,
      { details: { node: task.node.uuid, expected, actual: state, timeoutSeconds } },
    );
  }
}
