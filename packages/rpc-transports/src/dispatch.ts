import { type ConductorRpc, ConductorRpcClient, type RpcMethod } from '@ferric/conductor';
import { InvalidParameterValue } from '@ferric/core';

/**
 * Every method of the {@link ConductorRpc} contract a transport may deliver: exactly the methods of
 * `ConductorRpcClient` (which implements the whole contract), so new contract methods are served
 * without touching the transports, and nothing else on the conductor (`start`, `stop`…) is reachable.
 */
export const RPC_METHODS: ReadonlySet<RpcMethod> = new Set<RpcMethod>(
  Object.getOwnPropertyNames(ConductorRpcClient.prototype).filter(
    (name): name is RpcMethod =>
      name !== 'constructor' &&
      name !== 'hostForNode' &&
      typeof (ConductorRpcClient.prototype as unknown as Record<string, unknown>)[name] === 'function',
  ),
);

/**
 * Invokes `method` on a server with one decoded argument object. Unknown methods and non-object
 * arguments are refused (`InvalidParameterValue`, 400) before reaching the conductor.
 */
export async function dispatch(server: ConductorRpc, method: string, args: unknown): Promise<unknown> {
  if (!RPC_METHODS.has(method as RpcMethod))
    throw new InvalidParameterValue(`Unknown RPC method '${method}'.`);
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    throw new InvalidParameterValue(`RPC method '${method}' takes one object argument.`);
  const fn = server[method as RpcMethod] as (a: unknown) => Promise<unknown>;
  return fn.call(server, args);
}
