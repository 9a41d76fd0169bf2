import { InvalidParameterValue } from '@ferric/core';
import { ChassisNotFound } from '../db/chassis-repository.js';
import { ChassisNotEmpty } from '../errors.js';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ServerContext } from './context.js';

/*
 * Chassis writes (Ironic's API writes chassis straight to its database; Ferric keeps every write on
 * the RPC side). A chassis holding nodes cannot be deleted.
 */

/** Creates a chassis. */
export async function createChassis(
  ctx: ServerContext,
  req: RpcArgs<'createChassis'>,
): Promise<RpcResult<'createChassis'>> {
  ctx.assertRunning();
  return ctx.nodes.chassis.create(req.chassis);
}

/** Updates a chassis' description and extra. */
export async function updateChassis(
  ctx: ServerContext,
  req: RpcArgs<'updateChassis'>,
): Promise<RpcResult<'updateChassis'>> {
  ctx.assertRunning();
  return ctx.nodes.chassis.update(req.chassis, req.patch);
}

/** Deletes an empty chassis. @throws ChassisNotEmpty */
export async function deleteChassis(ctx: ServerContext, req: RpcArgs<'deleteChassis'>): Promise<void> {
  ctx.assertRunning();
  await ctx.nodes.chassis.get(req.chassis);
  if ((await ctx.nodes.chassis.countNodes(req.chassis)) > 0) throw new ChassisNotEmpty(req.chassis);
  await ctx.nodes.chassis.delete(req.chassis);
}

/**
 * A node may only point at an existing chassis; as Ironic, a missing one is the client's fault
 * (400, not 404). @throws InvalidParameterValue
 */
export async function assertChassisExists(
  ctx: ServerContext,
  uuid: string | null | undefined,
): Promise<void> {
  if (!uuid) return;
  try {
    await ctx.nodes.chassis.get(uuid);
  } catch (err) {
    if (err instanceof ChassisNotFound) throw new InvalidParameterValue(err.message);
    throw err;
  }
}
