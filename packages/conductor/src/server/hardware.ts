import {
  type IndicatorState,
  InvalidParameterValue,
  type JsonObject,
  UnsupportedDriverExtension,
} from '@ferric/core';
import { applyTargetRaidConfig } from '../raid-config.js';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ServerContext } from './context.js';

/*
 * Console, target RAID configuration, NMI, indicators and VIFs: short synchronous calls into the
 * node's driver interfaces (Ironic's `set_console_mode`, `set_target_raid_config`, `inject_nmi`,
 * `*_indicator*`, `vif_*`). Reads take a shared lock, writes the exclusive one.
 */

const INDICATOR_STATES: readonly IndicatorState[] = ['on', 'off', 'blinking', 'unknown'];
const RAID_LEVELS = ['0', '1', '2', '5', '6', '1+0', '5+0', '6+0', 'JBOD'];

/** Starts or stops the console and records `consoleEnabled`. */
export async function setConsoleMode(ctx: ServerContext, req: RpcArgs<'setConsoleMode'>): Promise<void> {
  ctx.assertRunning();
  await ctx.tasks.run(
    req.node,
    { purpose: 'set console mode', requestId: req.requestId ?? null },
    async (task) => {
      await task.driver.console.validate(task);
      if (task.node.consoleEnabled === req.enabled) return;
      if (req.enabled) await task.driver.console.startConsole(task);
      else await task.driver.console.stopConsole(task);
      task.node.consoleEnabled = req.enabled;
      await task.save('console');
    },
  );
}

/** Console details (`info: null` while disabled). */
export async function getConsoleInformation(
  ctx: ServerContext,
  req: RpcArgs<'getConsoleInformation'>,
): Promise<RpcResult<'getConsoleInformation'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'get console', shared: true }, async (task) => {
    if (!task.node.consoleEnabled) return { enabled: false, info: null };
    return { enabled: true, info: await task.driver.console.getConsole(task) };
  });
}

/** Ironic's `validate_configuration` of a target RAID config (`{}` clears it). */
export function validateTargetRaidConfig(config: JsonObject): void {
  if (Object.keys(config).length === 0) return;
  const disks = config.logical_disks;
  const extra = Object.keys(config).filter((k) => k !== 'logical_disks');
  if (!Array.isArray(disks) || disks.length === 0 || extra.length) {
    throw new InvalidParameterValue(
      "RAID config validation error: target_raid_config must be an object with only a non-empty 'logical_disks' list.",
    );
  }
  for (const [i, d] of disks.entries()) {
    if (d === null || typeof d !== 'object' || Array.isArray(d))
      throw new InvalidParameterValue(`RAID config validation error: logical disk ${i} must be an object.`);
    const disk = d as JsonObject;
    const size = disk.size_gb;
    if (!(size === 'MAX' || (typeof size === 'number' && Number.isInteger(size) && size > 0)))
      throw new InvalidParameterValue(
        `RAID config validation error: logical disk ${i}: 'size_gb' must be a positive integer or 'MAX'.`,
      );
    if (typeof disk.raid_level !== 'string' || !RAID_LEVELS.includes(disk.raid_level))
      throw new InvalidParameterValue(
        `RAID config validation error: logical disk ${i}: 'raid_level' must be one of ${RAID_LEVELS.join(', ')}.`,
      );
    if (disk.is_root_volume !== undefined && typeof disk.is_root_volume !== 'boolean')
      throw new InvalidParameterValue(
        `RAID config validation error: logical disk ${i}: 'is_root_volume' must be a boolean.`,
      );
  }
  const roots = disks.filter((d) => (d as JsonObject).is_root_volume === true).length;
  if (roots > 1)
    throw new InvalidParameterValue(
      'RAID config validation error: only one logical disk can be the root volume.',
    );
}

/** Stores the target RAID configuration (validated; the RAID interface must not be `no-raid`). */
export async function setTargetRaidConfig(
  ctx: ServerContext,
  req: RpcArgs<'setTargetRaidConfig'>,
): Promise<void> {
  ctx.assertRunning();
  validateTargetRaidConfig(req.targetRaidConfig);
  await ctx.tasks.run(
    req.node,
    { purpose: 'set target raid config', requestId: req.requestId ?? null },
    async (task) => {
      if (task.node.raidInterface === 'no-raid' || task.node.raidInterface === null) {
        throw new UnsupportedDriverExtension(
          `Driver ${task.node.driver} does not support RAID configuration (raid interface ${task.node.raidInterface}).`,
        );
      }
      applyTargetRaidConfig(task.node, req.targetRaidConfig);
      await task.save('target raid config');
    },
  );
}

/** Changes the boot mode (must be one the node supports) and records it. */
export async function setBootMode(ctx: ServerContext, req: RpcArgs<'setBootMode'>): Promise<void> {
  ctx.assertRunning();
  await ctx.tasks.run(
    req.node,
    { purpose: 'set boot mode', requestId: req.requestId ?? null },
    async (task) => {
      const mgmt = task.driver.management;
      await mgmt.validate(task);
      const supported = await mgmt.getSupportedBootModes(task);
      if (!supported.includes(req.mode))
        throw new InvalidParameterValue(
          `Boot mode '${req.mode}' is not supported by node ${task.node.uuid} (supported: ${supported.join(', ')}).`,
        );
      await mgmt.setBootMode(task, req.mode);
      task.node.bootMode = await mgmt.getBootMode(task).catch(() => req.mode);
      await task.save('boot mode');
    },
  );
}

/** Turns UEFI secure boot on or off and records it. */
export async function setSecureBootState(
  ctx: ServerContext,
  req: RpcArgs<'setSecureBootState'>,
): Promise<void> {
  ctx.assertRunning();
  await ctx.tasks.run(
    req.node,
    { purpose: 'set secure boot', requestId: req.requestId ?? null },
    async (task) => {
      const mgmt = task.driver.management;
      await mgmt.validate(task);
      await mgmt.setSecureBootState(task, req.enabled);
      task.node.secureBoot = req.enabled;
      await task.save('secure boot');
    },
  );
}

/** Injects an NMI through the management interface. */
export async function injectNmi(ctx: ServerContext, req: RpcArgs<'injectNmi'>): Promise<void> {
  ctx.assertRunning();
  await ctx.tasks.run(req.node, { purpose: 'inject nmi', requestId: req.requestId ?? null }, async (task) => {
    await task.driver.management.validate(task);
    await task.driver.management.injectNmi(task);
  });
}

/** Supported indicators. */
export async function getSupportedIndicators(
  ctx: ServerContext,
  req: RpcArgs<'getSupportedIndicators'>,
): Promise<RpcResult<'getSupportedIndicators'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'get indicators', shared: true }, (task) =>
    task.driver.management.getSupportedIndicators(task),
  );
}

async function assertIndicator(
  supported: Record<string, Record<string, IndicatorState[]>>,
  component: string,
  indicator: string,
): Promise<IndicatorState[]> {
  const states = supported[component]?.[indicator];
  if (!states) throw new InvalidParameterValue(`Indicator ${indicator}@${component} is not supported.`);
  return states;
}

/** Reads one indicator. */
export async function getIndicatorState(
  ctx: ServerContext,
  req: RpcArgs<'getIndicatorState'>,
): Promise<IndicatorState> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'get indicator', shared: true }, async (task) => {
    await assertIndicator(
      await task.driver.management.getSupportedIndicators(task),
      req.component,
      req.indicator,
    );
    return task.driver.management.getIndicatorState(task, req.component, req.indicator);
  });
}

/** Sets one indicator. */
export async function setIndicatorState(
  ctx: ServerContext,
  req: RpcArgs<'setIndicatorState'>,
): Promise<void> {
  ctx.assertRunning();
  if (!INDICATOR_STATES.includes(req.state))
    throw new InvalidParameterValue(`Invalid indicator state '${String(req.state)}'.`);
  await ctx.tasks.run(
    req.node,
    { purpose: 'set indicator', requestId: req.requestId ?? null },
    async (task) => {
      const states = await assertIndicator(
        await task.driver.management.getSupportedIndicators(task),
        req.component,
        req.indicator,
      );
      if (!states.includes(req.state))
        throw new InvalidParameterValue(
          `Indicator ${req.indicator}@${req.component} cannot be set to '${req.state}'.`,
        );
      await task.driver.management.setIndicatorState(task, req.component, req.indicator, req.state);
      await task.save('indicator');
    },
  );
}

/** VIFs attached to the node. */
export async function vifList(ctx: ServerContext, req: RpcArgs<'vifList'>): Promise<RpcResult<'vifList'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'list vifs', shared: true }, (task) =>
    task.driver.network.vifList(task),
  );
}

/** Attaches a VIF through the network interface. */
export async function vifAttach(ctx: ServerContext, req: RpcArgs<'vifAttach'>): Promise<void> {
  ctx.assertRunning();
  if (typeof req.vif?.id !== 'string' || req.vif.id.length === 0)
    throw new InvalidParameterValue('A VIF needs a non-empty "id".');
  await ctx.tasks.run(req.node, { purpose: 'attach vif', requestId: req.requestId ?? null }, async (task) => {
    await task.driver.network.validate(task);
    await task.driver.network.vifAttach(task, req.vif);
    await task.save('vif attach');
  });
}

/** Detaches a VIF. @throws NotFound-like errors of the network interface */
export async function vifDetach(ctx: ServerContext, req: RpcArgs<'vifDetach'>): Promise<void> {
  ctx.assertRunning();
  await ctx.tasks.run(req.node, { purpose: 'detach vif', requestId: req.requestId ?? null }, async (task) => {
    const attached = await task.driver.network.vifList(task);
    if (!attached.some((v) => v.id === req.vifId)) {
      throw new VifNotAttached(
        `Unable to detach VIF ${req.vifId} from node ${task.node.uuid} because it is not attached to it.`,
      );
    }
    await task.driver.network.vifDetach(task, req.vifId);
    await task.save('vif detach');
  });
}

/** The VIF is not attached to the node (Ironic's `VifNotAttached`, HTTP 400). */
class VifNotAttached extends InvalidParameterValue {}
