import { errorMessage } from '../operations/runtime.js';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';
import type { ServerContext } from './context.js';

/*
 * Virtual media through the management interface (Ironic's `attach_virtual_media`,
 * `detach_virtual_media`, `get_virtual_media`; API 1.89 and 1.93). Attach and detach are accepted
 * under the node's lock and run on the pool; their failure is the node's `last_error`.
 */

/** The devices a node's management interface reports. */
export async function getVirtualMedia(
  ctx: ServerContext,
  req: RpcArgs<'getVirtualMedia'>,
): Promise<RpcResult<'getVirtualMedia'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'get virtual media devices', shared: true }, async (task) => {
    await task.driver.management.validate(task);
    return task.driver.management.getVirtualMedia(task);
  });
}

/** Accepts an attachment (validated now), inserts in the background. */
export async function attachVirtualMedia(
  ctx: ServerContext,
  req: RpcArgs<'attachVirtualMedia'>,
): Promise<void> {
  await ctx.spawn(req.node, req.requestId, 'attaching virtual media', accept, (task) =>
    background(task, `attach ${req.deviceType} virtual media`, () =>
      task.driver.management.attachVirtualMedia(task, req.deviceType, req.imageUrl),
    ),
  );
}

/** Accepts a detachment (validated now), ejects in the background. */
export async function detachVirtualMedia(
  ctx: ServerContext,
  req: RpcArgs<'detachVirtualMedia'>,
): Promise<void> {
  const what = req.deviceTypes?.length ? req.deviceTypes.join(', ') : 'all';
  await ctx.spawn(req.node, req.requestId, 'detaching virtual media', accept, (task) =>
    background(task, `detach ${what} virtual media`, () =>
      task.driver.management.detachVirtualMedia(task, req.deviceTypes),
    ),
  );
}

/** Validation and the clean slate Ironic gives a new operation. */
async function accept(task: ConductorTask): Promise<void> {
  await task.driver.management.validate(task);
  task.node.lastError = null;
  await task.save();
}

/** Runs a background action; the driver's state (if any) is saved, a failure is the node's `last_error`. */
async function background(task: ConductorTask, what: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    task.logger.warn({ err: errorMessage(err) }, `could not ${what}`);
    task.node.lastError = `Could not ${what}: ${errorMessage(err)}`;
  }
  await task.save();
}
