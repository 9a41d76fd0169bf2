import { DuplicateEntry, InvalidParameterValue, InvalidState, PowerState } from '@ferric/core';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ServerContext } from './context.js';

/*
 * Volume connectors and targets (Ironic 1.32), written under the node's lock: connector
 * `(type, connector_id)` and target `(node, boot_index)` unique (409); changes and deletions only
 * while the node is powered off, as Ironic.
 */

/** Connector types Ironic accepts. */
export const CONNECTOR_TYPES = ['iqn', 'ip', 'mac', 'wwnn', 'wwpn', 'port', 'portgroup'];

function assertType(type: string | undefined): void {
  if (type !== undefined && !CONNECTOR_TYPES.includes(type))
    throw new InvalidParameterValue(
      `Invalid volume connector type '${type}'; expected one of ${CONNECTOR_TYPES.join(', ')}.`,
    );
}

function assertPoweredOff(node: { uuid: string; powerState: string | null }, action: string): void {
  if (node.powerState !== PowerState.OFF)
    throw new InvalidState(
      `The requested action "${action}" can not be performed on node "${node.uuid}" while it is in state "${node.powerState}".`,
    );
}

async function assertFreeConnector(
  ctx: ServerContext,
  type: string,
  id: string,
  self?: string,
): Promise<void> {
  const page = await ctx.nodes.volume.listConnectors();
  if (page.items.some((c) => c.type === type && c.connectorId === id && c.uuid !== self))
    throw new DuplicateEntry(`A volume connector with type ${type} and connector ID ${id} already exists.`);
}

async function assertFreeBootIndex(
  ctx: ServerContext,
  node: string,
  index: number,
  self?: string,
): Promise<void> {
  const page = await ctx.nodes.volume.listTargets(node);
  if (page.items.some((t) => t.bootIndex === index && t.uuid !== self))
    throw new DuplicateEntry(`A volume target with boot index ${index} already exists for node ${node}.`);
}

/** Creates a volume connector. */
export async function createVolumeConnector(
  ctx: ServerContext,
  req: RpcArgs<'createVolumeConnector'>,
): Promise<RpcResult<'createVolumeConnector'>> {
  ctx.assertRunning();
  assertType(req.connector.type);
  return ctx.tasks.run(
    req.connector.nodeUuid,
    { purpose: 'create volume connector', requestId: req.requestId ?? null },
    async () => {
      await assertFreeConnector(ctx, req.connector.type, req.connector.connectorId);
      return ctx.nodes.volume.createConnector(req.connector);
    },
  );
}

/** Updates a volume connector (node powered off). */
export async function updateVolumeConnector(
  ctx: ServerContext,
  req: RpcArgs<'updateVolumeConnector'>,
): Promise<RpcResult<'updateVolumeConnector'>> {
  ctx.assertRunning();
  const c = await ctx.nodes.volume.getConnector(req.connector);
  assertType(req.patch.type);
  return ctx.tasks.run(
    c.nodeUuid,
    { purpose: 'update volume connector', requestId: req.requestId ?? null },
    async (task) => {
      assertPoweredOff(task.node, 'volume connector update');
      if (req.patch.nodeUuid) await ctx.nodes.get(req.patch.nodeUuid);
      await assertFreeConnector(
        ctx,
        req.patch.type ?? c.type,
        req.patch.connectorId ?? c.connectorId,
        c.uuid,
      );
      return ctx.nodes.volume.updateConnector(c.uuid, req.patch);
    },
  );
}

/** Deletes a volume connector (node powered off). */
export async function deleteVolumeConnector(
  ctx: ServerContext,
  req: RpcArgs<'deleteVolumeConnector'>,
): Promise<void> {
  ctx.assertRunning();
  const c = await ctx.nodes.volume.getConnector(req.connector);
  await ctx.tasks.run(
    c.nodeUuid,
    { purpose: 'delete volume connector', requestId: req.requestId ?? null },
    async (task) => {
      assertPoweredOff(task.node, 'volume connector deletion');
      await ctx.nodes.volume.delete('connector', c.uuid);
    },
  );
}

/** Creates a volume target. */
export async function createVolumeTarget(
  ctx: ServerContext,
  req: RpcArgs<'createVolumeTarget'>,
): Promise<RpcResult<'createVolumeTarget'>> {
  ctx.assertRunning();
  return ctx.tasks.run(
    req.target.nodeUuid,
    { purpose: 'create volume target', requestId: req.requestId ?? null },
    async () => {
      await assertFreeBootIndex(ctx, req.target.nodeUuid, req.target.bootIndex);
      return ctx.nodes.volume.createTarget(req.target);
    },
  );
}

/** Updates a volume target (node powered off). */
export async function updateVolumeTarget(
  ctx: ServerContext,
  req: RpcArgs<'updateVolumeTarget'>,
): Promise<RpcResult<'updateVolumeTarget'>> {
  ctx.assertRunning();
  const t = await ctx.nodes.volume.getTarget(req.target);
  return ctx.tasks.run(
    t.nodeUuid,
    { purpose: 'update volume target', requestId: req.requestId ?? null },
    async (task) => {
      assertPoweredOff(task.node, 'volume target update');
      if (req.patch.nodeUuid) await ctx.nodes.get(req.patch.nodeUuid);
      await assertFreeBootIndex(
        ctx,
        req.patch.nodeUuid ?? t.nodeUuid,
        req.patch.bootIndex ?? t.bootIndex,
        t.uuid,
      );
      return ctx.nodes.volume.updateTarget(t.uuid, req.patch);
    },
  );
}

/** Deletes a volume target (node powered off). */
export async function deleteVolumeTarget(
  ctx: ServerContext,
  req: RpcArgs<'deleteVolumeTarget'>,
): Promise<void> {
  ctx.assertRunning();
  const t = await ctx.nodes.volume.getTarget(req.target);
  await ctx.tasks.run(
    t.nodeUuid,
    { purpose: 'delete volume target', requestId: req.requestId ?? null },
    async (task) => {
      assertPoweredOff(task.node, 'volume target deletion');
      await ctx.nodes.volume.delete('target', t.uuid);
    },
  );
}
