import { randomBytes } from 'node:crypto';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ServerContext } from './context.js';

/** Where the one-time agent token lives (`driver_internal_info`, as in Ironic). */
export const AGENT_TOKEN_KEY = 'agent_secret_token';

/**
 * Ironic's `get_node_with_token`: under the node's lock, issues the one-time agent token unless one
 * was already issued. The token is only ever returned by the call that created it.
 */
export async function getNodeWithToken(
  ctx: ServerContext,
  req: RpcArgs<'getNodeWithToken'>,
): Promise<RpcResult<'getNodeWithToken'>> {
  ctx.assertRunning();
  return ctx.tasks.run(
    req.node,
    { purpose: 'agent lookup', requestId: req.requestId ?? null },
    async (task) => {
      const existing = task.node.driverInternalInfo[AGENT_TOKEN_KEY];
      if (typeof existing === 'string' && existing.length > 0) return { node: task.node, token: null };
      const token = randomBytes(32).toString('base64url');
      task.node.driverInternalInfo = { ...task.node.driverInternalInfo, [AGENT_TOKEN_KEY]: token };
      await task.save('agent token');
      return { node: task.node, token };
    },
  );
}
