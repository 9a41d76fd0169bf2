import { setTimeout as sleep } from 'node:timers/promises';
import { IronicClient, mapLimit } from './http-client.js';
import { currentLoad } from './machine.js';
import type { LifecycleResult, PhaseResult } from './model.js';
import { treeCpuSeconds } from './proc.js';
import { summarize } from './stats.js';

/** States in which a node will not move on by itself. */
const FAIL_STATES = new Set([
  'clean failed',
  'deploy failed',
  'error',
  'inspect failed',
  'verify failed',
  'rescue failed',
  'unrescue failed',
]);

/** The warm-up's state phases: the measured ones, deploy and undeploy twice. */
const WARM_UP_VERBS: readonly [verb: string, target: string][] = [
  ['manage', 'manageable'],
  ['provide', 'available'],
  ['active', 'active'],
  ['deleted', 'available'],
  ['active', 'active'],
  ['deleted', 'available'],
];

/** Options of {@link runLifecycle}. */
export interface LifecycleOptions {
  /** Label of the target in reports (`ferric`, `ironic`). */
  target: string;
  url: string;
  nodes: number;
  /** Requests in flight at once (the same for every target). */
  concurrency: number;
  /** Minimum milliseconds between two settle polls (a poll never overlaps the next). */
  pollMs: number;
  /** Per-phase bound, milliseconds. */
  phaseTimeoutMs: number;
  /** `X-OpenStack-Ironic-API-Version` to send; `'auto'` = the server's maximum from `GET /`. */
  microversion: string;
  /** Server pids (with descendants) whose CPU time is reported per phase. */
  serverPids: readonly number[];
  /** Called with the node UUIDs after `create`, before the state phases (reads, memory, …). */
  afterCreate?: (uuids: readonly string[], client: IronicClient) => Promise<void>;
  log: (msg: string) => void;
}

interface ListedNode {
  uuid: string;
  provision_state: string;
  target_provision_state: string | null;
  last_error: string | null;
  provision_updated_at: string | null;
}

/** Path + query of a `next` link relative to the client's base URL. */
function nextPath(next: string, baseUrl: string): string {
  const u = new URL(next, baseUrl);
  const prefix = new URL(baseUrl).pathname.replace(/\/$/, '');
  const path = prefix && u.pathname.startsWith(prefix) ? u.pathname.slice(prefix.length) : u.pathname;
  return path + u.search;
}

/** GETs a whole collection, following `next` links. Returns the items and the number of pages. */
export async function listAll<T>(
  client: IronicClient,
  baseUrl: string,
  path: string,
  key = 'nodes',
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let current: string | null = path;
  while (current) {
    const res: { body: Record<string, unknown> } = await client.call<Record<string, unknown>>('GET', current);
    pages++;
    items.push(...((res.body[key] as T[] | undefined) ?? []));
    const next = res.body.next;
    current = typeof next === 'string' && next ? nextPath(next, baseUrl) : null;
  }
  return { items, pages };
}

/** The microversion to send: the server's maximum from `GET /`. */
export async function discoverVersion(url: string): Promise<{ name: string | null; max: string | null }> {
  const probe = new IronicClient({ url, microversion: null, maxSockets: 1 });
  try {
    const { body } = await probe.call<{
      name?: string;
      default_version?: { version?: string };
      versions?: { version?: string }[];
    }>('GET', '/');
    return {
      name: body.name ?? null,
      max: body.default_version?.version ?? body.versions?.[0]?.version ?? null,
    };
  } finally {
    probe.close();
  }
}

/**
 * The fake-hardware lifecycle through the REST API, as Ironic's own clients drive it: create N nodes,
 * then manage → provide → deploy → undeploy (`PUT /v1/nodes/{id}/states/provision`, polling the list
 * until every node settled), then delete. Works against Ferric and Ironic alike; reports nodes/s per
 * phase and the p50/p99 latency of the phase's requests.
 */
export async function runLifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const { url, nodes: n, concurrency, log } = options;
  const version = await discoverVersion(url);
  const microversion = options.microversion === 'auto' ? version.max : options.microversion;
  const client = new IronicClient({ url, microversion, maxSockets: concurrency });
  const result: LifecycleResult = {
    target: options.target,
    url,
    serverName: version.name,
    microversion,
    nodes: n,
    concurrency,
    pollMs: options.pollMs,
    phases: [],
    errors: [],
  };
  const tag = `bench-${Date.now().toString(36)}-${process.pid}`;

  const phase = async (
    name: string,
    count: number,
    body: (
      record: (ms: number) => void,
    ) => Promise<{ acceptSeconds?: number; polls?: number; settledSeconds?: number } | undefined>,
  ): Promise<void> => {
    const lat: number[] = [];
    const r0 = client.requests;
    const retries0 = client.retries;
    const errors0 = result.errors.length;
    const cpu0 = options.serverPids.length ? treeCpuSeconds(options.serverPids) : 0;
    const t0 = performance.now();
    const extra = (await body((ms) => lat.push(ms))) ?? {};
    const observed = (performance.now() - t0) / 1000;
    // The server's own completion time, when it gave one that makes sense (else what the polls saw).
    const settled = extra.settledSeconds;
    const seconds = settled !== undefined && settled > 0 && settled <= observed ? settled : observed;
    const row: PhaseResult = {
      phase: name,
      nodes: count,
      seconds,
      ...(extra.settledSeconds !== undefined ? { observedSeconds: observed } : {}),
      ...(extra.acceptSeconds !== undefined ? { acceptSeconds: extra.acceptSeconds } : {}),
      nodesPerSecond: count / seconds,
      requests: client.requests - r0,
      retries: client.retries - retries0,
      errors: result.errors.length - errors0,
      latency: summarize(lat),
      ...(extra.polls !== undefined ? { polls: extra.polls } : {}),
      ...(options.serverPids.length ? { serverCpuSeconds: treeCpuSeconds(options.serverPids) - cpu0 } : {}),
      load1: currentLoad()[0],
    };
    result.phases.push(row);
    log(
      `  ${options.target} N=${n} ${name.padEnd(9)} ${seconds.toFixed(2).padStart(8)} s ${row.nodesPerSecond
        .toFixed(1)
        .padStart(
          9,
        )} nodes/s  p50 ${row.latency.p50.toFixed(1)} ms  p99 ${row.latency.p99.toFixed(1)} ms  retries ${row.retries}`,
    );
  };

  /** Polls until every node settled; returns the polls and the last `provision_updated_at` (epoch ms). */
  const settle = async (
    uuids: readonly string[],
    target: string,
  ): Promise<{ polls: number; lastUpdate: number }> => {
    const want = new Set(uuids);
    const deadline = Date.now() + options.phaseTimeoutMs;
    let polls = 0;
    for (;;) {
      const started = performance.now();
      const { items } = await listAll<ListedNode>(
        client,
        url,
        '/v1/nodes?fields=uuid,provision_state,target_provision_state,last_error,provision_updated_at&limit=1000',
      );
      polls++;
      let done = 0;
      let lastUpdate = Number.NaN;
      const hist = new Map<string, number>();
      for (const node of items) {
        if (!want.has(node.uuid)) continue;
        if (FAIL_STATES.has(node.provision_state))
          throw new Error(`node ${node.uuid} failed: ${node.provision_state}: ${node.last_error ?? ''}`);
        if (node.provision_state === target && !node.target_provision_state) {
          done++;
          const at = node.provision_updated_at ? Date.parse(node.provision_updated_at) : Number.NaN;
          lastUpdate = Number.isNaN(lastUpdate) || at > lastUpdate ? at : lastUpdate;
        }
        hist.set(node.provision_state, (hist.get(node.provision_state) ?? 0) + 1);
      }
      if (done === want.size) return { polls, lastUpdate };
      if (Date.now() > deadline)
        throw new Error(`timeout waiting for '${target}': ${JSON.stringify(Object.fromEntries(hist))}`);
      // never poll more than half the time: polling is load on the server under test too
      const spent = performance.now() - started;
      await sleep(Math.max(options.pollMs, spent));
    }
  };

  const transition =
    (uuids: readonly string[], verb: string, target: string) => async (record: (ms: number) => void) => {
      const t0 = performance.now();
      const startedAt = Date.now();
      await mapLimit(uuids, concurrency, (u) =>
        client.call('PUT', `/v1/nodes/${u}/states/provision`, { target: verb }, record),
      );
      const acceptSeconds = (performance.now() - t0) / 1000;
      const { polls, lastUpdate } = await settle(uuids, target);
      return {
        acceptSeconds,
        polls,
        ...(Number.isFinite(lastUpdate) ? { settledSeconds: (lastUpdate - startedAt) / 1000 } : {}),
      };
    };

  const uuids: string[] = [];
  try {
    // Warm-up, not counted: open sockets, touch every server worker, and run every phase's code path
    // (twice for deploy/undeploy) so a short phase measures the server rather than its first calls —
    // a JIT's compile or a worker's first import.
    const warm = await mapLimit(
      Array.from({ length: 2 * concurrency }, (_, i) => i),
      concurrency,
      async (i) => {
        await client.call('GET', '/v1/nodes?limit=1');
        const { body } = await client.call<{ uuid: string }>('POST', '/v1/nodes', {
          driver: 'fake-hardware',
          name: `${tag}-warm-${i}`,
        });
        return body.uuid;
      },
    );
    await mapLimit(warm, concurrency, (u) => client.call('GET', `/v1/nodes/${u}`));
    const unrecorded = () => undefined;
    for (const [verb, target] of WARM_UP_VERBS) await transition(warm, verb, target)(unrecorded);
    await mapLimit(warm, concurrency, (u) => client.call('DELETE', `/v1/nodes/${u}`));

    await phase('create', n, async (record) => {
      const created = await mapLimit(
        Array.from({ length: n }, (_, i) => i),
        concurrency,
        async (i) =>
          (
            await client.call<{ uuid: string }>(
              'POST',
              '/v1/nodes',
              { driver: 'fake-hardware', name: `${tag}-${i}`, resource_class: 'bench' },
              record,
            )
          ).body.uuid,
      );
      uuids.push(...created);
      return undefined;
    });
    if (options.afterCreate) await options.afterCreate(uuids, client);
    await phase('manage', n, transition(uuids, 'manage', 'manageable'));
    await phase('provide', n, transition(uuids, 'provide', 'available'));
    await phase('deploy', n, transition(uuids, 'active', 'active'));
    await phase('undeploy', n, transition(uuids, 'deleted', 'available'));
  } catch (err) {
    result.errors.push((err as Error).message);
    log(`  ${options.target} N=${n}: ${(err as Error).message}`);
  } finally {
    await phase('delete', uuids.length, async (record) => {
      await mapLimit(uuids, concurrency, async (u) => {
        try {
          await client.call('DELETE', `/v1/nodes/${u}`, undefined, record);
        } catch (err) {
          if (result.errors.length < 20) result.errors.push((err as Error).message);
        }
      });
      return undefined;
    });
    client.close();
  }
  return result;
}
