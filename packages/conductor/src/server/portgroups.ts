import { Conflict, DuplicateEntry, InvalidParameterValue } from '@ferric/core';
import { PortgroupNotFound } from '../db/portgroup-repository.js';
import { PortgroupNotEmpty } from '../errors.js';
import type { PortgroupPatch } from '../model.js';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ServerContext } from './context.js';

/*
 * Port group writes (Ironic's `portgroup` API, routed to the node's conductor): names and MAC
 * addresses unique, a group with ports is neither deleted nor moved to another node.
 */

/** Ironic's `[DEFAULT]default_portgroup_mode`. */
export const DEFAULT_PORTGROUP_MODE = 'active-backup';

async function assertUnique(ctx: ServerContext, patch: PortgroupPatch, self?: string): Promise<void> {
  const repo = ctx.deps.ports.portgroups;
  if (patch.name) {
    const clash = await repo.get(patch.name).catch(() => undefined);
    if (clash && clash.uuid !== self)
      throw new DuplicateEntry(`A portgroup with name ${patch.name} already exists.`);
  }
  if (patch.address) {
    const clash = (await repo.list({ address: patch.address })).items.find((p) => p.uuid !== self);
    if (clash)
      throw new DuplicateEntry(`A portgroup with MAC address ${patch.address.toLowerCase()} already exists.`);
  }
}

/** Creates a port group on an existing node. */
export async function createPortgroup(
  ctx: ServerContext,
  req: RpcArgs<'createPortgroup'>,
): Promise<RpcResult<'createPortgroup'>> {
  ctx.assertRunning();
  await ctx.nodes.get(req.portgroup.nodeUuid);
  await assertUnique(ctx, req.portgroup);
  return ctx.deps.ports.portgroups.create({
    ...req.portgroup,
    mode: req.portgroup.mode ?? DEFAULT_PORTGROUP_MODE,
  });
}

/** Updates a port group (a group with ports stays on its node). */
export async function updatePortgroup(
  ctx: ServerContext,
  req: RpcArgs<'updatePortgroup'>,
): Promise<RpcResult<'updatePortgroup'>> {
  ctx.assertRunning();
  const repo = ctx.deps.ports.portgroups;
  const pg = await repo.get(req.portgroup);
  if (req.patch.nodeUuid !== undefined && req.patch.nodeUuid !== pg.nodeUuid) {
    await ctx.nodes.get(req.patch.nodeUuid);
    if ((await repo.countPorts(pg.uuid)) > 0)
      throw new InvalidParameterValue(`Portgroup ${pg.uuid} has ports; it can not be moved to another node.`);
  }
  await assertUnique(ctx, req.patch, pg.uuid);
  return repo.update(pg.uuid, req.patch);
}

/** Deletes an empty port group. @throws PortgroupNotEmpty */
export async function deletePortgroup(ctx: ServerContext, req: RpcArgs<'deletePortgroup'>): Promise<void> {
  ctx.assertRunning();
  const repo = ctx.deps.ports.portgroups;
  const pg = await repo.get(req.portgroup);
  if ((await repo.countPorts(pg.uuid)) > 0) throw new PortgroupNotEmpty(pg.uuid);
  await repo.delete(pg.uuid);
}

/**
 * A port's port group must exist and belong to the port's node (400 otherwise, as Ironic).
 * @returns the port group's uuid (the request may name it).
 */
export async function resolvePortPortgroup(
  ctx: ServerContext,
  portgroup: string | null | undefined,
  nodeUuid: string,
): Promise<string | null | undefined> {
  if (!portgroup) return portgroup;
  try {
    const pg = await ctx.deps.ports.portgroups.get(portgroup);
    if (pg.nodeUuid !== nodeUuid)
      throw new InvalidParameterValue(
        `Port can not be added to portgroup ${pg.uuid}: it belongs to another node.`,
      );
    return pg.uuid;
  } catch (err) {
    if (err instanceof PortgroupNotFound) throw new InvalidParameterValue(err.message);
    throw err;
  }
}

/**
 * Every port of a port group is on the same physical network (which may be none): a port joining a
 * group, or changing network inside one, must match the other members (409 otherwise, as Ironic).
 */
export async function assertPortPhysnet(
  ctx: ServerContext,
  port: {
    uuid?: string;
    portgroupUuid: string | null | undefined;
    physicalNetwork: string | null | undefined;
  },
): Promise<void> {
  if (!port.portgroupUuid) return;
  const members = (await ctx.deps.ports.list({ portgroupUuid: port.portgroupUuid })).items;
  const others = members.filter((p) => p.uuid !== port.uuid);
  if (others.length === 0) return;
  const groupNetwork = others[0]!.physicalNetwork ?? null;
  const portNetwork = port.physicalNetwork ?? null;
  if (portNetwork !== groupNetwork)
    throw new Conflict(
      `Port with physical network ${portNetwork} cannot become a member of port group ${port.portgroupUuid} which has ports in physical network ${groupNetwork}.`,
    );
}
