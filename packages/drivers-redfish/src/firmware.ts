import {
  cleanStep,
  FirmwareInterface,
  type FirmwareUpdate,
  InvalidParameterValue,
  type JsonObject,
  nodePeriodic,
  type PeriodicContext,
  type PropertyDescriptions,
  ProvisionState,
  type StepResult,
  serviceStep,
  type Task,
} from '@ferric/core';
import { redfishSettings } from './client/registry.js';
import { arr, isResource, linkOf, obj, str } from './client/types.js';
import { actionTarget, type RedfishContext, redfishContext, waitStateFor } from './common.js';
import { parseDriverInfo, REDFISH_PROPERTIES } from './driver-info.js';
import { RedfishError, RedfishTaskError } from './errors.js';

/** `driver_internal_info` key of the firmware updates still to run (the first one is running). @public */
export const FIRMWARE_UPDATES_KEY = 'redfish_firmware_updates';
/** `driver_internal_info` key of the cached firmware versions (`[{component, current_version}]`). @public */
export const FIRMWARE_COMPONENTS_KEY = 'firmware_components';

const UPDATES_ARG = {
  settings: {
    description: 'A list of {component, url, checksum?} firmware updates, run in order.',
    required: true,
  },
} as const;

/** A firmware update in progress, as kept in `driver_internal_info`. */
interface PendingUpdate {
  component: string;
  url: string;
  checksum?: string;
  task_monitor?: string;
}

function updatesOf(args: readonly FirmwareUpdate[] | { settings?: unknown }): PendingUpdate[] {
  const list = Array.isArray(args) ? args : (args as { settings?: unknown }).settings;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidParameterValue('Firmware updates must be a non-empty list of {component, url}.');
  }
  return list.map((item: unknown) => {
    const u = item as Partial<FirmwareUpdate>;
    if (typeof u?.component !== 'string' || typeof u.url !== 'string' || !/^https?:\/\//.test(u.url)) {
      throw new InvalidParameterValue(
        `Invalid firmware update ${JSON.stringify(item)}: expected {component, url (http/https)}.`,
      );
    }
    return { component: u.component, url: u.url, ...(u.checksum ? { checksum: u.checksum } : {}) };
  });
}

function pendingOf(task: Task): PendingUpdate[] | null {
  const value = task.node.driverInternalInfo[FIRMWARE_UPDATES_KEY];
  return Array.isArray(value) ? (value as unknown as PendingUpdate[]) : null;
}

function setPending(task: Task, updates: PendingUpdate[] | null): void {
  const info = { ...task.node.driverInternalInfo };
  if (updates === null || updates.length === 0) delete info[FIRMWARE_UPDATES_KEY];
  else info[FIRMWARE_UPDATES_KEY] = updates as unknown as JsonObject[];
  task.node.driverInternalInfo = info;
}

/**
 * `redfish` firmware (Ironic `RedfishFirmware`): `UpdateService.SimpleUpdate` per
 * component, in order. As a clean or service step it starts the first update,
 * records it in `driver_internal_info.redfish_firmware_updates` and returns the
 * wait state; the {@link RedfishFirmware.checkFirmwareUpdates} node periodic polls
 * the BMC's Task, starts the next update, and when all are done re-caches the
 * versions and resumes the node (or fails it with the BMC's messages). Called
 * outside a step, `update` waits inline. Components: `bios` and `bmc` target the
 * system and its manager; any other name lets the BMC pick from the image.
 * @public
 */
export class RedfishFirmware extends FirmwareInterface {
  getProperties(): PropertyDescriptions {
    return REDFISH_PROPERTIES;
  }

  validate(task: Task): void {
    parseDriverInfo(task.node.driverInfo);
  }

  @cleanStep({ priority: 0, argsinfo: UPDATES_ARG, requiresRamdisk: false })
  @serviceStep({ priority: 0, argsinfo: UPDATES_ARG, requiresRamdisk: false })
  async update(task: Task, args: readonly FirmwareUpdate[] | { settings?: unknown }): Promise<StepResult> {
    const updates = updatesOf(args);
    const ctx = await redfishContext(task);
    const wait = waitStateFor(task);
    if (wait === undefined || wait === ProvisionState.DEPLOYWAIT) {
      for (const update of updates) {
        const monitor = await this.#start(task, ctx, update);
        await ctx.client.waitForTask(monitor, { intervalMs: redfishSettings().taskPollIntervalMs });
      }
      await this.cacheFirmwareComponents(task);
      return undefined;
    }
    const [first, ...rest] = updates as [PendingUpdate, ...PendingUpdate[]];
    first.task_monitor = await this.#start(task, ctx, first);
    setPending(task, [first, ...rest]);
    return wait;
  }

  async cacheFirmwareComponents(task: Task): Promise<void> {
    const ctx = await redfishContext(task);
    const system = await ctx.client.get(ctx.systemPath);
    const components: JsonObject[] = [];
    const bios = str(system, 'BiosVersion');
    if (bios !== null) components.push({ component: 'bios', current_version: bios });
    const manager = linkOf(arr(obj(system, 'Links'), 'ManagedBy')[0]);
    if (manager) {
      const version = str(await ctx.client.get(manager), 'FirmwareVersion');
      if (version !== null) components.push({ component: 'bmc', current_version: version });
    }
    task.node.driverInternalInfo = { ...task.node.driverInternalInfo, [FIRMWARE_COMPONENTS_KEY]: components };
  }

  /**
   * Poll the firmware update running on each node in a wait state (the seed's use
   * case): start the next one when it completes, resume the node when all are done,
   * fail it when the BMC's Task fails.
   */
  @nodePeriodic({
    purpose: 'check Redfish firmware updates',
    spacing: () => redfishSettings().firmwareUpdateStatusInterval,
    filters: {
      provisionState: [ProvisionState.CLEANWAIT, ProvisionState.SERVICEWAIT, ProvisionState.DEPLOYWAIT],
    },
    predicate: (node) => Array.isArray(node.driverInternalInfo[FIRMWARE_UPDATES_KEY]),
  })
  async checkFirmwareUpdates(task: Task, _periodic: PeriodicContext): Promise<boolean | undefined> {
    const pending = pendingOf(task);
    const current = pending?.[0];
    if (!pending || !current?.task_monitor) return false;
    const ctx = await redfishContext(task);
    let done: boolean;
    try {
      done = (await ctx.client.taskMonitor(current.task_monitor).poll()).done;
    } catch (error) {
      if (!(error instanceof RedfishTaskError)) throw error;
      await task.upgradeLock('fail Redfish firmware update');
      setPending(task, null);
      await task.processEvent('fail', {
        lastError: `Firmware update of ${current.component} from ${current.url} failed: ${error.message}`,
      });
      return undefined;
    }
    await task.touchProvisioning();
    if (!done) return undefined;
    await task.upgradeLock('continue Redfish firmware update');
    const rest = pending.slice(1);
    task.logger.info(
      { node: task.node.uuid, component: current.component },
      'Redfish firmware update finished',
    );
    const next = rest[0];
    if (next) {
      next.task_monitor = await this.#start(task, ctx, next);
      setPending(task, rest);
      await task.save();
      return undefined;
    }
    setPending(task, null);
    await this.cacheFirmwareComponents(task);
    await task.save();
    // The runtime continues the node's clean/service steps once this task lets go of the lock.
    task.notifyResume();
    return undefined;
  }

  async #start(task: Task, ctx: RedfishContext, update: PendingUpdate): Promise<string> {
    const root = await ctx.client.root();
    const servicePath = linkOf(root.UpdateService) ?? '/redfish/v1/UpdateService';
    const service = await ctx.client.get(servicePath);
    const body: Record<string, string | string[]> = {
      ImageURI: update.url,
      TransferProtocol: update.url.startsWith('https:') ? 'HTTPS' : 'HTTP',
    };
    const component = update.component.toLowerCase();
    if (component === 'bios') body.Targets = [ctx.systemPath];
    else if (component === 'bmc') {
      const manager = linkOf(arr(obj(await ctx.client.get(ctx.systemPath), 'Links'), 'ManagedBy')[0]);
      if (manager) body.Targets = [manager];
    }
    const res = await ctx.client.post(actionTarget(service, servicePath, 'UpdateService.SimpleUpdate'), body);
    const monitor =
      res.location ?? linkOf(res.body) ?? (isResource(res.body) ? str(res.body, 'TaskMonitor') : null);
    if (!monitor) {
      throw new RedfishError(
        `The BMC at ${ctx.client.address} accepted the firmware update but gave no task to follow.`,
        {
          status: res.status,
        },
      );
    }
    task.logger.info(
      { node: task.node.uuid, component: update.component },
      'Redfish firmware update started',
    );
    return monitor;
  }
}
