import {
  cleanStep,
  type PeriodicContext,
  PowerInterface,
  PowerState,
  type PowerStateValue,
  type PowerTarget,
  type PropertyDescriptions,
  periodic,
  type Task,
} from '@ferric/core';
import { ACME_PROPERTIES, acmeBmcFor } from './driver-info.js';

/** Power control through the ACME BMC. */
export class AcmePower extends PowerInterface {
  getProperties(): PropertyDescriptions {
    return ACME_PROPERTIES;
  }

  validate(task: Task): void {
    acmeBmcFor(task);
  }

  async getPowerState(task: Task): Promise<PowerStateValue> {
    return acmeBmcFor(task).powerState();
  }

  async setPowerState(task: Task, target: PowerTarget): Promise<void> {
    const on = target === PowerState.ON || target === PowerState.REBOOT || target === PowerState.SOFT_REBOOT;
    await acmeBmcFor(task).setPower(on);
  }

  async reboot(task: Task): Promise<void> {
    const bmc = acmeBmcFor(task);
    await bmc.setPower(false);
    await bmc.setPower(true);
  }

  /** A manual clean step: cycle power to reset the BMC's view of the host. */
  @cleanStep({ priority: 0, requiresRamdisk: false })
  async resetBmc(task: Task): Promise<void> {
    await this.reboot(task);
  }

  /** The seed's example: a driver periodic on an interface, every 42 s. */
  @periodic({ spacing: 42 })
  async checkBmcFirmware(ctx: PeriodicContext): Promise<void> {
    ctx.logger.debug('ACME BMC firmware check ran');
  }
}
