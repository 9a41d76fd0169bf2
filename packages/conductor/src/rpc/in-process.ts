import rfdc from 'rfdc';
import { TemporaryFailure } from '../errors.js';
import type { ConductorRpc, RpcArgs, RpcMethod, RpcResult, RpcServerTransport } from './contract.js';

/** Deep copy of RPC payloads (plain data and `Date`s), several times cheaper than `structuredClone`. */
const copy: <T>(value: T) => T = rfdc();

/**
 * In-process RPC: a registry of conductors by host name. Arguments and results are deep-copied so
 * callers see the same isolation as over a wire.
 */
export class InProcessTransport implements RpcServerTransport {
  readonly #servers = new Map<string, ConductorRpc>();

  /** Makes `server` reachable as `host`. */
  register(host: string, server: ConductorRpc): void {
    this.#servers.set(host, server);
  }

  /** Removes `host` (only if it is still `server`, when given). */
  unregister(host: string, server?: ConductorRpc): void {
    if (!server || this.#servers.get(host) === server) this.#servers.delete(host);
  }

  /** Hosts currently reachable. */
  hosts(): string[] {
    return [...this.#servers.keys()].sort();
  }

  /** @throws TemporaryFailure when `host` is not reachable in this process. */
  async call<M extends RpcMethod>(host: string, method: M, args: RpcArgs<M>): Promise<RpcResult<M>> {
    const server = this.#servers.get(host);
    if (!server) throw new TemporaryFailure(`Conductor ${host} is not reachable.`, { details: { host } });
    const fn = server[method] as (a: RpcArgs<M>) => Promise<RpcResult<M>>;
    const result = await fn.call(server, copy(args));
    return result === undefined ? result : copy(result);
  }
}

/** The process-wide transport every `createConductor` uses unless given another one. */
export const defaultInProcessTransport: InProcessTransport = new InProcessTransport();
