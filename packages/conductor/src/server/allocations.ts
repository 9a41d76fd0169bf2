import {
  DuplicateEntry,
  InvalidParameterValue,
  InvalidState,
  isFerricError,
  ProvisionState as S,
} from '@ferric/core';
import { NoFreeConductorWorker } from '../errors.js';
import type { AllocationRecord, NodeRecord } from '../model.js';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import { assertValidTraits } from '../traits.js';
import type { ServerContext } from './context.js';

/*
 * Allocations (Ironic 1.52, `conductor/allocations.py`): pick an `available` node of the resource
 * class that has every requested trait (among the candidates, owned or leased by the owner), reserve
 * it under its lock (`allocationUuid`, `instanceUuid`, `instance_info.traits`). 1.58 backfill binds an
 * allocation to a given node. Deleting releases the node (refused while it is active, unless in
 * maintenance); undeploy deletes the node's allocation.
 */

function matches(node: NodeRecord, a: AllocationRecord): boolean {
  return (
    node.provisionState === S.AVAILABLE &&
    !node.maintenance &&
    node.resourceClass === a.resourceClass &&
    node.instanceUuid === null &&
    node.allocationUuid === null &&
    a.traits.every((t) => node.traits.includes(t)) &&
    (a.candidateNodes.length === 0 || a.candidateNodes.includes(node.uuid)) &&
    (a.owner === null || node.owner === a.owner || node.lessee === a.owner)
  );
}

async function bind(
  ctx: ServerContext,
  a: AllocationRecord,
  node: string,
  check: (n: NodeRecord) => void,
): Promise<void> {
  await ctx.tasks.run(node, { purpose: 'allocation', retry: false }, async (task) => {
    check(task.node);
    task.node.allocationUuid = a.uuid;
    if (task.node.instanceUuid === null) task.node.instanceUuid = a.uuid;
    task.node.instanceInfo = { ...task.node.instanceInfo, traits: [...a.traits] };
    await task.save('allocation');
  });
}

/**
 * Creates an allocation. A backfill (`node` given) binds it at once and returns it `active`, as
 * Ironic does; otherwise the allocation is returned `allocating` (no node yet) and processed by a
 * conductor worker, ending `active` with its node or in `error` with `last_error`.
 * @throws NoFreeConductorWorker when no worker could process it (nothing is created then)
 */
export async function createAllocation(
  ctx: ServerContext,
  req: RpcArgs<'createAllocation'>,
): Promise<RpcResult<'createAllocation'>> {
  ctx.assertRunning();
  const repo = ctx.nodes.allocations;
  const input = req.allocation;
  assertValidTraits(input.traits ?? []);
  if (input.name && (await repo.get(input.name).catch(() => undefined)))
    throw new DuplicateEntry(`An allocation with name ${input.name} already exists.`);
  const backfill = input.node ? await ctx.nodes.get(input.node) : undefined;
  const resourceClass = input.resourceClass ?? backfill?.resourceClass ?? null;
  if (!resourceClass) throw new InvalidParameterValue('An allocation needs a resource_class.');
  const candidates: string[] = [];
  for (const c of input.candidateNodes ?? []) candidates.push((await ctx.nodes.get(c)).uuid);
  if (!backfill && !ctx.deps.pool.hasCapacity()) throw new NoFreeConductorWorker();
  const a = await repo.create({
    ...(input.uuid ? { uuid: input.uuid } : {}),
    name: input.name ?? null,
    resourceClass,
    traits: [...new Set(input.traits ?? [])],
    candidateNodes: candidates,
    owner: input.owner ?? null,
    extra: input.extra ?? {},
  });
  if (backfill) {
    try {
      await bind(ctx, a, backfill.uuid, (n) => {
        if (n.allocationUuid) throw new InvalidState(`Node ${n.uuid} already has an allocation.`);
        const missing = a.traits.filter((t) => !n.traits.includes(t));
        if (missing.length)
          throw new InvalidParameterValue(`Node ${n.uuid} lacks the traits ${missing.join(', ')}.`);
        if (n.resourceClass !== a.resourceClass)
          throw new InvalidParameterValue(`Node ${n.uuid} is not of resource class ${a.resourceClass}.`);
      });
    } catch (err) {
      await repo.delete(a.uuid);
      throw err;
    }
    return repo.update(a.uuid, { state: 'active', nodeUuid: backfill.uuid });
  }
  ctx.deps.pool
    .spawn(`allocation ${a.uuid}`, () => allocate(ctx, a))
    .catch(async (err: unknown) => {
      ctx.logger.error({ allocation: a.uuid, err }, 'allocation failed');
      const message = err instanceof Error ? err.message : String(err);
      await repo.update(a.uuid, { state: 'error', lastError: message }).catch(() => undefined);
    });
  return a;
}

/** Picks a matching `available` node for an `allocating` allocation and binds it, or records why not. */
async function allocate(ctx: ServerContext, a: AllocationRecord): Promise<void> {
  const repo = ctx.nodes.allocations;
  const nodes = (
    await ctx.nodes.listAll({
      provisionState: S.AVAILABLE,
      maintenance: false,
      resourceClass: a.resourceClass,
      associated: false,
    })
  ).filter((n) => matches(n, a));
  // Random order spreads concurrent allocations; a node named like the allocation is tried first (1.79).
  const order = nodes.sort(() => Math.random() - 0.5);
  const named = a.name === null ? -1 : order.findIndex((n) => n.name === a.name);
  if (named > 0) order.unshift(...order.splice(named, 1));
  for (const n of order) {
    try {
      await bind(ctx, a, n.uuid, (fresh) => {
        if (!matches(fresh, a)) throw new InvalidState('node no longer matches');
      });
      await repo.update(a.uuid, { state: 'active', nodeUuid: n.uuid, lastError: null });
      return;
    } catch (err) {
      if (!isFerricError(err)) throw err;
      // Locked or taken meanwhile: try the next candidate.
    }
  }
  const why =
    `No available nodes match the resource class ${a.resourceClass}` +
    (a.traits.length ? ` and traits ${a.traits.join(', ')}` : '') +
    (a.candidateNodes.length ? ' among the candidate nodes' : '') +
    (a.owner ? ` for owner ${a.owner}` : '');
  await repo.update(a.uuid, { state: 'error', lastError: why });
}

/** Renames an allocation or changes its extra (API 1.57). */
export async function updateAllocation(
  ctx: ServerContext,
  req: RpcArgs<'updateAllocation'>,
): Promise<RpcResult<'updateAllocation'>> {
  ctx.assertRunning();
  const repo = ctx.nodes.allocations;
  const a = await repo.get(req.allocation);
  if (req.patch.name) {
    const clash = await repo.get(req.patch.name).catch(() => undefined);
    if (clash && clash.uuid !== a.uuid)
      throw new DuplicateEntry(`An allocation with name ${req.patch.name} already exists.`);
  }
  return repo.update(a.uuid, req.patch);
}

/** Deletes an allocation and releases its node (not while the node is active, unless in maintenance). */
export async function deleteAllocation(ctx: ServerContext, req: RpcArgs<'deleteAllocation'>): Promise<void> {
  ctx.assertRunning();
  const repo = ctx.nodes.allocations;
  const a = await repo.get(req.allocation);
  if (a.nodeUuid) {
    await ctx.tasks.run(
      a.nodeUuid,
      { purpose: 'allocation deletion', requestId: req.requestId ?? null },
      async (task) => {
        if (task.node.provisionState === S.ACTIVE && !task.node.maintenance)
          throw new InvalidState(
            `Cannot remove allocation ${a.uuid} from node ${task.node.uuid} in provision state active; set maintenance or undeploy first.`,
          );
        releaseAllocation(task.node, a.uuid);
        await task.save('allocation deletion');
      },
    );
  }
  await repo.delete(a.uuid);
}

/** Clears a node's allocation fields (the node is being released). */
export function releaseAllocation(node: NodeRecord, allocationUuid: string): void {
  if (node.allocationUuid !== allocationUuid) return;
  node.allocationUuid = null;
  if (node.instanceUuid === allocationUuid) node.instanceUuid = null;
  const { traits: _traits, ...rest } = node.instanceInfo;
  node.instanceInfo = rest;
}
