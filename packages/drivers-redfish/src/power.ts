import { setTimeout as sleep } from 'node:timers/promises';
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
import { redfishSettings } from './client/registry.js';
import { str } from './client/types.js';
import { actionTarget, type RedfishContext, redfishContext } from './common.js';
import { parseDriverInfo, REDFISH_PROPERTIES } from './driver-info.js';

/** Default seconds for hard power actions (Ironic `[conductor]power_state_change_timeout`). @public */
export const DEFAULT_POWER_TIMEOUT = 60;
/** Default seconds for soft power actions (Ironic `[conductor]soft_power_off_timeout`). @public */
export const DEFAULT_SOFT_POWER_TIMEOUT = 600;

/** Redfish `PowerState` → Ironic power state (Ironic `redfish/power.py` `GET_POWER_STATE_MAP`). */
const POWER_STATE_MAP: Readonly<Record<string, PowerStateValue>> = {
  On: PowerState.ON,
  PoweringOff: PowerState.ON,
  Paused: PowerState.ON,
  Off: PowerState.OFF,
  PoweringOn: PowerState.OFF,
};

/** The Redfish `ResetType` for each power target, given whether the system is on now. */
function resetTypeFor(target: PowerTarget, on: boolean): string | null {
  switch (target) {
    case PowerState.ON:
      return on ? null : 'On';
    case PowerState.OFF:
      return on ? 'ForceOff' : null;
    case PowerState.SOFT_POWER_OFF:
      return on ? 'GracefulShutdown' : null;
    case PowerState.REBOOT:
      return on ? 'ForceRestart' : 'On';
    case PowerState.SOFT_REBOOT:
      return on ? 'GracefulRestart' : 'On';
    default:
      return null;
  }
}

/** Read the system's power state: the mapped value and the raw Redfish one. */
export async function readPowerState(
  ctx: RedfishContext,
): Promise<{ state: PowerStateValue; raw: string | null }> {
  const system = await ctx.client.get(ctx.systemPath);
  const raw = str(system, 'PowerState');
  return { state: raw === null ? PowerState.ERROR : (POWER_STATE_MAP[raw] ?? PowerState.ERROR), raw };
}

/** Send `#ComputerSystem.Reset` with `resetType`. */
export async function resetSystem(ctx: RedfishContext, resetType: string): Promise<void> {
  const system = await ctx.client.get(ctx.systemPath);
  await ctx.client.post(actionTarget(system, ctx.systemPath, 'ComputerSystem.Reset'), {
    ResetType: resetType,
  });
}

/**
 * `redfish` power (Ironic `RedfishPower`): `#ComputerSystem.Reset` for every Ironic
 * power target — on, off, reboot, soft power off (`GracefulShutdown`), soft reboot
 * (`GracefulRestart`) — then polls until the BMC reports the target state, within
 * the timeout given, or the node's `power_state_change_timeout`, or 60 s (600 s for
 * soft actions). Transitional states (`PoweringOn`/`PoweringOff`) do not count as
 * reached. NMI is a management action ({@link RedfishManagement.injectNmi}).
 * @public
 */
export class RedfishPower extends PowerInterface {
  getProperties(): PropertyDescriptions {
    return REDFISH_PROPERTIES;
  }

  validate(task: Task): void {
    parseDriverInfo(task.node.driverInfo);
  }

  async getPowerState(task: Task): Promise<PowerStateValue> {
    return (await readPowerState(await redfishContext(task))).state;
  }

  async setPowerState(task: Task, target: PowerTarget, options: PowerActionOptions = {}): Promise<void> {
    const ctx = await redfishContext(task);
    const { raw } = await readPowerState(ctx);
    const on = raw === 'On' || raw === 'PoweringOn' || raw === 'Paused';
    const resetType = resetTypeFor(target, on);
    if (resetType === null && !(target in TARGET_END)) {
      throw new InvalidParameterValue(
        `Unsupported power target '${String(target)}' for node ${task.node.uuid}.`,
      );
    }
    const soft = target === PowerState.SOFT_POWER_OFF || target === PowerState.SOFT_REBOOT;
    const timeout =
      options.timeout ??
      ctx.info.powerStateChangeTimeout ??
      (soft ? DEFAULT_SOFT_POWER_TIMEOUT : DEFAULT_POWER_TIMEOUT);
    if (resetType !== null) {
      task.logger.info({ node: task.node.uuid, target, resetType }, 'Redfish power action');
      await resetSystem(ctx, resetType);
    }
    await this.#waitFor(task, ctx, TARGET_END[target], timeout, target);
  }

  async reboot(task: Task, options: PowerActionOptions = {}): Promise<void> {
    await this.setPowerState(task, PowerState.REBOOT, options);
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

  async #waitFor(
    task: Task,
    ctx: RedfishContext,
    want: 'On' | 'Off',
    timeoutS: number,
    target: PowerTarget,
  ): Promise<void> {
    const deadline = Date.now() + timeoutS * 1000;
    const interval = redfishSettings().powerPollIntervalMs;
    let last: string | null = null;
    for (;;) {
      last = (await readPowerState(ctx)).raw;
      if (last === want) return;
      const left = deadline - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(interval, left));
    }
    throw new PowerStateFailure(
      `Failed to set node ${task.node.uuid} power state to '${target}': the BMC at ${ctx.client.address} still reports ${last ?? 'no power state'} after ${timeoutS} s.`,
      { details: { target, reported: last, timeout: timeoutS } },
    );
  }
}

/** The Redfish power state each target ends in. */
const TARGET_END: Readonly<Record<PowerTarget, 'On' | 'Off'>> = {
  [PowerState.ON]: 'On',
  [PowerState.OFF]: 'Off',
  [PowerState.SOFT_POWER_OFF]: 'Off',
  [PowerState.REBOOT]: 'On',
  [PowerState.SOFT_REBOOT]: 'On',
};
