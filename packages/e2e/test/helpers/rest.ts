import { setTimeout as sleep } from 'node:timers/promises';

/** A node as the REST API shows it (the fields the test reads). */
export interface NodeView {
  uuid: string;
  name: string | null;
  provision_state: string;
  target_provision_state: string | null;
  power_state: string | null;
  last_error: string | null;
  maintenance: boolean;
  maintenance_reason: string | null;
  deploy_step: { step?: string } | Record<string, never> | null;
  clean_step: { step?: string } | Record<string, never> | null;
}

/** Minimal Ironic REST client (what the `baremetal` CLI does, in fetch). */
export class Rest {
  constructor(readonly endpoint: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.endpoint}${path}`, {
      method,
      headers: { 'X-OpenStack-Ironic-API-Version': '1.78', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Runs `call`, retrying while the API is unreachable (a restarting Ferric). */
  async retrying<T>(call: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof TypeError) || Date.now() > end) throw err;
        await sleep(500);
      }
    }
  }

  node(ident: string): Promise<NodeView> {
    return this.call('GET', `/v1/nodes/${ident}`);
  }

  provision(ident: string, target: string, extra: Record<string, unknown> = {}): Promise<void> {
    return this.call('PUT', `/v1/nodes/${ident}/states/provision`, { target, ...extra });
  }

  /** Polls until `state` (fails fast on `* failed` states or maintenance); tolerates a restarting API. */
  async waitFor(
    ident: string,
    state: string,
    timeoutMs: number,
    onPoll?: (n: NodeView) => void,
  ): Promise<NodeView> {
    const end = Date.now() + timeoutMs;
    let last: NodeView | undefined;
    while (Date.now() < end) {
      try {
        last = await this.node(ident);
        onPoll?.(last);
        if (last.provision_state === state && last.target_provision_state === null) return last;
        if (last.provision_state.endsWith('failed') || (last.maintenance && last.provision_state !== state)) {
          throw new Error(
            `node ${ident} went to ${last.provision_state} (maintenance ${last.maintenance}): ${last.last_error ?? last.maintenance_reason}`,
          );
        }
      } catch (err) {
        if (!(err instanceof TypeError)) throw err; // fetch failed: the API is restarting
      }
      await sleep(500);
    }
    throw new Error(
      `node ${ident} did not reach ${state} in ${timeoutMs} ms (last: ${last?.provision_state})`,
    );
  }
}
