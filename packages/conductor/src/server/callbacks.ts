import { InvalidState, type ProvisionStateName, ProvisionState as S } from '@ferric/core';
import type { JsonObject } from '../model.js';
import { cleaningTarget, continueClean } from '../operations/cleaning.js';
import { continueDeploy } from '../operations/deploy.js';
import { doContinueInspection } from '../operations/flows.js';
import { continueService } from '../operations/servicing.js';
import type { RpcArgs } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';
import type { ServerContext } from './context.js';

/*
 * Callbacks from agents and drivers: heartbeats and the `continue*` calls that resume step-based work
 * parked in a `*wait` state. They may land on any conductor that owns the node now (after a restart or
 * take-over) because the whole plan and position are stored on the node.
 */

/**
 * Resumes work waiting in `waitState`. The lock is taken patiently (as Ironic's `continue_node_*`): the
 * caller is typically a heartbeat that still holds the node, and a lost callback would strand the node
 * until its timeout.
 */
async function resume(
  ctx: ServerContext,
  req: { node: string; requestId?: string },
  what: string,
  waitState: ProvisionStateName,
  work: (task: ConductorTask) => Promise<void>,
  target: (task: ConductorTask) => { targetState?: ProvisionStateName } = () => ({}),
): Promise<void> {
  await ctx.spawn(
    req.node,
    req.requestId,
    `continue ${what}`,
    async (t) => {
      if (t.node.provisionState !== waitState) {
        throw new InvalidState(
          `Cannot continue ${what} of node ${t.node.uuid} in state ${t.node.provisionState}.`,
        );
      }
      await t.processEvent('resume', target(t));
    },
    work,
    { patient: true },
  );
}

/** Resumes a deploy waiting in `wait call-back`. */
export function continueNodeDeploy(ctx: ServerContext, req: RpcArgs<'continueNodeDeploy'>): Promise<void> {
  return resume(ctx, req, 'deploy', S.DEPLOYWAIT, continueDeploy);
}

/** Resumes cleaning waiting in `clean wait` (manual cleaning keeps aiming at `manageable`). */
export function continueNodeClean(ctx: ServerContext, req: RpcArgs<'continueNodeClean'>): Promise<void> {
  return resume(ctx, req, 'cleaning', S.CLEANWAIT, continueClean, cleaningTarget);
}

/** Resumes servicing waiting in `service wait`. */
export function continueNodeService(ctx: ServerContext, req: RpcArgs<'continueNodeService'>): Promise<void> {
  return resume(ctx, req, 'servicing', S.SERVICEWAIT, continueService);
}

/** In-band inspection data for a node in `inspect wait`. */
export function continueInspection(ctx: ServerContext, req: RpcArgs<'continueInspection'>): Promise<void> {
  return resume(ctx, req, 'inspection', S.INSPECTWAIT, (t) =>
    // What was processed is kept for `GET /v1/nodes/{id}/inventory` (API 1.81), replacing the last.
    doContinueInspection(t, req.inventory, req.pluginData, (inventory, pluginData) =>
      ctx.nodes.inspectionData.save(t.node.uuid, inventory as JsonObject, pluginData as JsonObject),
    ),
  );
}

/**
 * Agent heartbeat: bumps `provision_updated_at` (a live agent keeps callback timeouts away) and hands
 * the heartbeat to the deploy interface, which decides whether the agent's work is done and asks for
 * the matching `continue*`.
 */
export async function heartbeat(ctx: ServerContext, req: RpcArgs<'heartbeat'>): Promise<void> {
  ctx.assertRunning();
  const { node, requestId, ...args } = req;
  await ctx.tasks.run(node, { purpose: 'heartbeat', requestId: requestId ?? null }, async (task) => {
    await task.touchProvisioning();
    await task.driver.deploy.heartbeat(task, args);
  });
}
