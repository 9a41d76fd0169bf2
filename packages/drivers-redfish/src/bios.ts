import { setTimeout as sleep } from 'node:timers/promises';
import {
  BIOSInterface,
  type BiosSetting,
  cleanStep,
  DriverOperationError,
  deployStep,
  InvalidParameterValue,
  type JsonObject,
  PowerState,
  type PropertyDescriptions,
  type Task,
} from '@ferric/core';
import { redfishSettings } from './client/registry.js';
import { linkOf, obj, type RedfishResource } from './client/types.js';
import { actionTarget, type RedfishContext, redfishContext, requireLink } from './common.js';
import { parseDriverInfo, REDFISH_PROPERTIES } from './driver-info.js';

/** `driver_internal_info` key of the cached BIOS settings (`{ name: value }`). @public */
export const BIOS_SETTINGS_KEY = 'bios_settings';

const SETTINGS_ARG = {
  settings: { description: 'A list of {name, value} BIOS settings to apply.', required: true },
} as const;

/** Seconds to wait, after the reboot, for the BMC to show the new settings. */
const APPLY_TIMEOUT_S = 600;

function settingsList(args: readonly BiosSetting[] | { settings?: unknown }): BiosSetting[] {
  const list = Array.isArray(args) ? args : (args as { settings?: unknown }).settings;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidParameterValue('BIOS settings must be a non-empty list of {name, value}.');
  }
  return list.map((item: unknown) => {
    const s = item as Partial<BiosSetting>;
    if (typeof s?.name !== 'string' || s.name === '' || s.value === undefined) {
      throw new InvalidParameterValue(
        `Invalid BIOS setting ${JSON.stringify(item)}: expected {name, value}.`,
      );
    }
    return { name: s.name, value: s.value };
  });
}

/**
 * `redfish` bios (Ironic `RedfishBIOS`): reads `Bios.Attributes` into
 * `driver_internal_info.bios_settings`; `applyConfiguration` PATCHes the pending
 * `Bios/Settings` (with `If-Match`), reboots the node so firmware applies them,
 * waits until the BMC shows them, restores the previous power state and re-caches;
 * `factoryReset` runs `#Bios.ResetBios` the same way. Both are clean and deploy
 * steps (priority 0: on request) that need no ramdisk.
 * @public
 */
export class RedfishBIOS extends BIOSInterface {
  getProperties(): PropertyDescriptions {
    return REDFISH_PROPERTIES;
  }

  validate(task: Task): void {
    parseDriverInfo(task.node.driverInfo);
  }

  async cacheBiosSettings(task: Task): Promise<void> {
    const ctx = await redfishContext(task);
    const bios = await ctx.client.get(await this.#biosPath(ctx));
    const attributes = obj(bios, 'Attributes') ?? {};
    task.node.driverInternalInfo = {
      ...task.node.driverInternalInfo,
      [BIOS_SETTINGS_KEY]: JSON.parse(JSON.stringify(attributes)) as JsonObject,
    };
  }

  @cleanStep({ priority: 0, argsinfo: SETTINGS_ARG, requiresRamdisk: false })
  @deployStep({ priority: 0, argsinfo: SETTINGS_ARG })
  async applyConfiguration(task: Task, args: readonly BiosSetting[] | { settings?: unknown }): Promise<void> {
    const settings = settingsList(args);
    const ctx = await redfishContext(task);
    const biosPath = await this.#biosPath(ctx);
    const bios = await ctx.client.get(biosPath);
    const settingsPath =
      linkOf(obj(obj(bios, '@Redfish.Settings'), 'SettingsObject')) ?? `${biosPath}/Settings`;
    const attributes: RedfishResource = {};
    for (const s of settings) attributes[s.name] = s.value;
    const current = obj(bios, 'Attributes') ?? {};
    if (settings.every((s) => current[s.name] === s.value)) {
      task.logger.info({ node: task.node.uuid }, 'BIOS settings already in place; nothing to apply');
      await this.cacheBiosSettings(task);
      return;
    }
    await ctx.client.patch(settingsPath, { Attributes: attributes });
    await this.#applyWithReboot(task, ctx, biosPath, (b) => {
      const now = obj(b, 'Attributes') ?? {};
      return settings.every((s) => now[s.name] === s.value);
    });
  }

  @cleanStep({ priority: 0, requiresRamdisk: false })
  async factoryReset(task: Task): Promise<void> {
    const ctx = await redfishContext(task);
    const biosPath = await this.#biosPath(ctx);
    const bios = await ctx.client.get(biosPath);
    const before = JSON.stringify(obj(bios, '@Redfish.Settings')?.Time ?? null);
    await ctx.client.post(actionTarget(bios, biosPath, 'Bios.ResetBios'), {});
    await this.#applyWithReboot(task, ctx, biosPath, (b) => {
      // Applied once the settings object reports a new apply time (or at once when it keeps none).
      const time = obj(b, '@Redfish.Settings')?.Time;
      return time === undefined || JSON.stringify(time) !== before;
    });
  }

  async #biosPath(ctx: RedfishContext): Promise<string> {
    return requireLink(ctx, await ctx.client.get(ctx.systemPath), 'Bios', 'BIOS resource');
  }

  /** Reboot so firmware applies pending changes, wait until `applied`, restore power, re-cache. */
  async #applyWithReboot(
    task: Task,
    ctx: RedfishContext,
    biosPath: string,
    applied: (bios: RedfishResource) => boolean,
  ): Promise<void> {
    const power = task.driver.power;
    const wasOn = (await power.getPowerState(task)) === PowerState.ON;
    await power.reboot(task);
    const deadline = Date.now() + APPLY_TIMEOUT_S * 1000;
    for (;;) {
      if (applied(await ctx.client.get(biosPath))) break;
      if (Date.now() > deadline) {
        throw new DriverOperationError(
          `The BMC at ${ctx.client.address} did not apply the BIOS changes of node ${task.node.uuid} within ${APPLY_TIMEOUT_S} s of a reboot.`,
        );
      }
      await sleep(redfishSettings().taskPollIntervalMs);
    }
    if (!wasOn) await power.setPowerState(task, PowerState.OFF);
    await this.cacheBiosSettings(task);
  }
}
