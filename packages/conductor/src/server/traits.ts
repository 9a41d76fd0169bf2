import { InvalidParameterValue, NotFound } from '@ferric/core';
import { normalizeTraits } from '../db/node-repository.js';
import type { RpcArgs } from '../rpc/contract.js';
import { assertValidTraits, MAX_TRAITS_PER_NODE } from '../traits.js';
import type { ServerContext } from './context.js';

/*
 * Node traits (Ironic's `add_node_traits` / `remove_node_traits`): written under the node's lock,
 * stored as a sorted set.
 */

/** Adds (or with `replace`, sets) traits. @returns the node's traits. */
export async function addNodeTraits(ctx: ServerContext, req: RpcArgs<'addNodeTraits'>): Promise<string[]> {
  ctx.assertRunning();
  assertValidTraits(req.traits);
  return ctx.tasks.run(
    req.node,
    { purpose: 'add node traits', requestId: req.requestId ?? null },
    async (task) => {
      const next = normalizeTraits(req.replace ? req.traits : [...task.node.traits, ...req.traits]);
      if (next.length > MAX_TRAITS_PER_NODE) {
        throw new InvalidParameterValue(
          `Could not modify traits for node ${task.node.uuid}: it would have ${next.length} traits, ` +
            `more than the maximum of ${MAX_TRAITS_PER_NODE}.`,
        );
      }
      task.node.traits = next;
      await task.save('traits');
      return task.node.traits;
    },
  );
}

/** Removes the given traits (all when omitted). @throws NotFound for a trait the node lacks. */
export async function removeNodeTraits(
  ctx: ServerContext,
  req: RpcArgs<'removeNodeTraits'>,
): Promise<string[]> {
  ctx.assertRunning();
  return ctx.tasks.run(
    req.node,
    { purpose: 'remove node traits', requestId: req.requestId ?? null },
    async (task) => {
      if (req.traits === undefined) {
        task.node.traits = [];
      } else {
        const missing = req.traits.filter((t) => !task.node.traits.includes(t));
        if (missing.length) {
          throw new NotFound(`Node ${task.node.uuid} doesn't have a trait '${missing[0]}'`);
        }
        task.node.traits = task.node.traits.filter((t) => !req.traits?.includes(t));
      }
      await task.save('traits');
      return task.node.traits;
    },
  );
}
