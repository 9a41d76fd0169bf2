import {
  INTERFACE_TYPES,
  type InterfaceType,
  InvalidParameterValue,
  InvalidState,
  PROVISION_MACHINE,
  type ProvisionEventName,
  type ProvisionStateName,
  ProvisionState as S,
  StateMachine,
  VERBS,
} from '@ferric/core';
import { ConcurrentActionLimit, NodeIsRetired, NodeProtected } from '../errors.js';
import { cleaningTarget, continueClean, doClean } from '../operations/cleaning.js';
import { continueDeploy, doDeploy } from '../operations/deploy.js';
import { doAdopt, doInspect, doRescue, doTearDown, doUnrescue, doVerify } from '../operations/flows.js';
import { errorMessage, failOperation } from '../operations/runtime.js';
import { continueService, doService } from '../operations/servicing.js';
import { availableSteps } from '../operations/steps.js';
import type { RequestedStep, RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';
import { abortOperation } from './abort.js';
import type { ServerContext } from './context.js';
import { instanceTraits, templateDeploySteps } from './deploy-templates.js';

/*
 * `doProvisioningAction` (Ironic's `do_provisioning_action` and friends): each verb validates and fires
 * its state-machine event under the node's lock, then hands the lock to the background half in
 * `operations/*`. The call returns once the work is accepted.
 */

// What Ironic's `_concurrent_action_limit` counts, cluster-wide in the database.
const DEPLOYING_STATES: readonly ProvisionStateName[] = [S.DEPLOYING, S.DEPLOYWAIT];
const CLEANING_STATES: readonly ProvisionStateName[] = [S.DELETING, S.CLEANING, S.CLEANWAIT];

/**
 * Refuses a deploy or cleaning when `maxConcurrentDeploy` / `maxConcurrentClean` nodes are already at
 * it (503, clients retry), protecting image servers and networks from a thundering herd.
 * @throws ConcurrentActionLimit
 */
export async function assertConcurrencyAllowed(
  ctx: ServerContext,
  action: 'provisioning' | 'cleaning',
): Promise<void> {
  const [states, limit] =
    action === 'provisioning'
      ? [DEPLOYING_STATES, ctx.config.maxConcurrentDeploy]
      : [CLEANING_STATES, ctx.config.maxConcurrentClean];
  if ((await ctx.nodes.countInStates(states)) >= limit) throw new ConcurrentActionLimit(action, limit);
}

/**
 * Refuses a verb the node's provision state does not allow (Ironic's `InvalidStateRequested`, 400).
 * @throws InvalidState
 */
function assertActionable(task: ConductorTask, verb: string, event: ProvisionEventName | undefined): void {
  const state = task.node.provisionState;
  if (event && new StateMachine(PROVISION_MACHINE, state).canProcess(event)) return;
  throw new InvalidState(
    `The requested action "${verb}" can not be performed on node "${task.node.uuid}" while it is in state "${state}".`,
    { details: { verb, state } },
  );
}

/** Validates every interface of a node (`GET /nodes/{id}/validate`). */
export async function validateDriverInterfaces(
  ctx: ServerContext,
  req: RpcArgs<'validateDriverInterfaces'>,
): Promise<RpcResult<'validateDriverInterfaces'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'validate', shared: true }, async (task) => {
    const out = {} as Record<InterfaceType, { result: boolean; reason: string | null }>;
    for (const type of INTERFACE_TYPES) {
      try {
        await task.driver[type].validate(task);
        out[type] = { result: true, reason: null };
      } catch (err) {
        out[type] = { result: false, reason: errorMessage(err) };
      }
    }
    return out;
  });
}

/** Clean steps the node's driver offers. */
export async function getCleanSteps(
  ctx: ServerContext,
  req: RpcArgs<'getCleanSteps'>,
): Promise<RpcResult<'getCleanSteps'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'clean steps', shared: true }, (t) => availableSteps(t, 'clean'));
}

/** Runs a provision verb; returns once accepted. */
export async function doProvisioningAction(
  ctx: ServerContext,
  req: RpcArgs<'doProvisioningAction'>,
): Promise<void> {
  if (!VERBS[req.verb]) throw new InvalidParameterValue(`Unknown provision verb '${req.verb}'.`);
  if (req.disableRamdisk && req.verb !== 'clean')
    throw new InvalidParameterValue('disableRamdisk is only valid for manual cleaning.');
  const rid = req.requestId;
  const event = VERBS[req.verb];
  const spawn = (
    purpose: string,
    accept: (t: ConductorTask) => Promise<void>,
    work: (t: ConductorTask) => Promise<void>,
    limit?: 'provisioning' | 'cleaning',
  ) =>
    ctx.spawn(req.node, rid, purpose, accept, work, {
      // The state machine first, as Ironic's API does: a verb the state does not allow is a 400
      // whatever else is wrong, and nothing (validation, driver calls) runs before it.
      check: async (t) => {
        assertActionable(t, req.verb, event);
        if (limit) await assertConcurrencyAllowed(ctx, limit);
      },
    });
  switch (req.verb) {
    case 'manage':
      ctx.assertRunning();
      return ctx.tasks.run(req.node, { purpose: 'manage', requestId: rid ?? null }, async (task) => {
        assertActionable(task, req.verb, event);
        if (task.node.provisionState === S.ENROLL) {
          // The worker first: if none is free the node must stay in enroll, unlocked.
          task.reserveWorker();
          await task.driver.power.validate(task);
          await task.processEvent('manage');
          task.spawnAfter('verify', doVerify);
        } else {
          await task.processEvent('manage', { lastError: null });
        }
      });
    case 'provide':
      return spawn(
        'provide',
        async (t) => {
          if (t.node.retired) throw new NodeIsRetired('providing', t.node.uuid);
          await t.processEvent('provide');
        },
        (t) => doClean(ctx, t),
        'cleaning',
      );
    case 'clean': {
      const steps = req.cleanSteps;
      if (!steps?.length)
        throw new InvalidParameterValue('Manual cleaning requires a non-empty cleanSteps list.');
      return spawn(
        'manual cleaning',
        (t) => t.processEvent('clean', { targetState: S.MANAGEABLE }),
        (t) => doClean(ctx, t, steps, { disableRamdisk: req.disableRamdisk === true }),
        'cleaning',
      );
    }
    case 'inspect':
      return spawn(
        'inspect',
        async (t) => {
          await t.driver.inspect.validate(t);
          await t.processEvent('inspect');
        },
        doInspect,
      );
    case 'active':
    case 'deploy':
    case 'rebuild':
      return spawn(
        'deploy',
        async (t) => {
          if (t.node.maintenance) throw new InvalidState(`Node ${t.node.uuid} is in maintenance mode.`);
          for (const type of ['power', 'deploy', 'boot', 'network', 'storage'] as const)
            await t.driver[type].validate(t);
          if (req.configdrive !== undefined) t.node.instanceInfo.configdrive = req.configdrive as never;
          // As Ironic: only `rebuild` re-deploys an active node; `active`/`deploy` on it are refused
          // by the state machine (a retried deploy must never re-image a running machine).
          const rebuild = req.verb === 'rebuild';
          if (rebuild && t.node.protected) throw new NodeProtected(t.node.uuid);
          instanceTraits(t.node);
          await t.processEvent(rebuild ? 'rebuild' : 'deploy', { lastError: null });
        },
        async (t) => {
          let steps: RequestedStep[];
          try {
            steps = [...(await templateDeploySteps(ctx, t.node)), ...(req.deploySteps ?? [])];
          } catch (err) {
            await failOperation(t, 'Deploy', err);
            return;
          }
          await doDeploy(t, steps);
        },
        'provisioning',
      );
    case 'deleted':
    case 'undeploy':
      return spawn(
        'undeploy',
        async (t) => {
          if (t.node.protected) throw new NodeProtected(t.node.uuid);
          await t.processEvent('delete', { lastError: null });
        },
        (t) => doTearDown(ctx, t),
        'cleaning',
      );
    case 'rescue':
      return spawn(
        'rescue',
        async (t) => {
          if (!req.rescuePassword) throw new InvalidParameterValue('Rescue requires a rescuePassword.');
          await t.driver.rescue.validate(t);
          t.node.instanceInfo.rescue_password = req.rescuePassword;
          await t.processEvent('rescue', { lastError: null });
        },
        doRescue,
      );
    case 'unrescue':
      return spawn('unrescue', (t) => t.processEvent('unrescue', { lastError: null }), doUnrescue);
    case 'adopt':
      return spawn(
        'adopt',
        async (t) => {
          for (const type of ['power', 'deploy', 'boot'] as const) await t.driver[type].validate(t);
          await t.processEvent('adopt', { lastError: null });
        },
        doAdopt,
      );
    case 'service': {
      const steps = req.serviceSteps;
      if (!steps?.length)
        throw new InvalidParameterValue('Servicing requires a non-empty serviceSteps list.');
      return spawn(
        'service',
        (t) => t.processEvent('service', { lastError: null }),
        (t) => doService(t, steps),
      );
    }
    case 'unhold':
      return unhold(ctx, req.node, rid);
    case 'abort':
      return abortOperation(ctx, req.node, rid);
    default:
      throw new InvalidParameterValue(`Unsupported provision verb '${String(req.verb)}'.`);
  }
}

/**
 * `unhold` (API 1.85): a node parked by a `hold` step goes back to its `*wait` state, as in Ironic,
 * and then, better than Ironic (which waits for the next agent heartbeat and so strands nodes whose
 * driver has no agent), the conductor resumes the remaining steps at once.
 */
async function unhold(ctx: ServerContext, node: string, requestId: string | undefined): Promise<void> {
  let resume: (t: ConductorTask) => Promise<void> = async () => {};
  await ctx.spawn(
    node,
    requestId,
    'unhold',
    async (t) => {
      const state = t.node.provisionState;
      const target = state === S.CLEANHOLD ? cleaningTarget(t) : {};
      if (state === S.DEPLOYHOLD) resume = continueDeploy;
      else if (state === S.CLEANHOLD) resume = continueClean;
      else if (state === S.SERVICEHOLD) resume = continueService;
      else throw new InvalidState(`Can not unhold node ${t.node.uuid} in provision state ${state}.`);
      await t.processEvent('unhold', target);
      await t.processEvent('resume', target);
    },
    (t) => resume(t),
  );
}
