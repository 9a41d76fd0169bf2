import { InvalidParameterValue, POWER_TARGETS } from '@ferric/core';
import type { NodeRecord } from '../model.js';
import { doPowerAction } from '../operations/flows.js';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ServerContext } from './context.js';

/*
 * Power, boot device and maintenance. Power actions are long (BMCs are slow): accepted under the lock
 * with `target_power_state` set, then performed on the pool. Reads take a shared lock only.
 */

/** Starts a power action; returns once accepted. */
export async function changeNodePowerState(
  ctx: ServerContext,
  req: RpcArgs<'changeNodePowerState'>,
): Promise<void> {
  if (!POWER_TARGETS.includes(req.target))
    throw new InvalidParameterValue(`Invalid power target '${req.target}'.`);
  await ctx.spawn(
    req.node,
    req.requestId,
    'power action',
    async (t) => {
      await t.driver.power.validate(t);
      const supported = await t.driver.power.getSupportedPowerStates(t);
      if (!supported.includes(req.target)) {
        throw new InvalidParameterValue(
          `Power target '${req.target}' is not supported by node ${t.node.uuid}.`,
        );
      }
      t.node.targetPowerState = req.target;
      await t.save();
    },
    (t) => doPowerAction(t, req.target, req.timeout),
  );
}

/** Reads the power state from the BMC. */
export async function getNodePowerState(
  ctx: ServerContext,
  req: RpcArgs<'getNodePowerState'>,
): Promise<RpcResult<'getNodePowerState'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'get power state', shared: true }, (t) =>
    t.driver.power.getPowerState(t),
  );
}

/** Sets the boot device (synchronous, like Ironic). */
export async function setBootDevice(ctx: ServerContext, req: RpcArgs<'setBootDevice'>): Promise<void> {
  ctx.assertRunning();
  await ctx.tasks.run(
    req.node,
    { purpose: 'set boot device', requestId: req.requestId ?? null },
    async (t) => {
      await t.driver.management.validate(t);
      const supported = await t.driver.management.getSupportedBootDevices(t);
      if (!supported.includes(req.device)) {
        throw new InvalidParameterValue(
          `Boot device '${req.device}' is not supported by node ${t.node.uuid}.`,
        );
      }
      await t.driver.management.setBootDevice(t, req.device, { persistent: req.persistent ?? false });
      await t.save();
    },
  );
}

/** Reads the boot device. */
export async function getBootDevice(
  ctx: ServerContext,
  req: RpcArgs<'getBootDevice'>,
): Promise<RpcResult<'getBootDevice'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'get boot device', shared: true }, (t) =>
    t.driver.management.getBootDevice(t),
  );
}

/** Boot devices the node supports. */
export async function getSupportedBootDevices(
  ctx: ServerContext,
  req: RpcArgs<'getSupportedBootDevices'>,
): Promise<RpcResult<'getSupportedBootDevices'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'supported boot devices', shared: true }, (t) =>
    t.driver.management.getSupportedBootDevices(t),
  );
}

/** Maintenance on (with reason) or off (clearing the fault, so periodics see the node again). */
export async function setMaintenance(
  ctx: ServerContext,
  req: RpcArgs<'setMaintenance'>,
): Promise<NodeRecord> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'maintenance', requestId: req.requestId ?? null }, async (t) => {
    t.node.maintenance = req.maintenance;
    t.node.maintenanceReason = req.maintenance ? (req.reason ?? null) : null;
    if (!req.maintenance) t.node.fault = null;
    await t.save('maintenance');
    return t.node;
  });
}
