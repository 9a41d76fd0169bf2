import { setTimeout as sleep } from 'node:timers/promises';
import type { IronicClient } from './http-client.js';
import { listAll } from './lifecycle.js';
import { currentLoad } from './machine.js';
import type { ListTiming, ReadResult } from './model.js';
import { summarize } from './stats.js';
import { runWrk } from './wrk.js';

/** Options of {@link measureReads}. */
export interface ReadOptions {
  target: string;
  url: string;
  microversion: string | null;
  uuids: readonly string[];
  connections: number;
  threads: number;
  durationSeconds: number;
  /** Sequential full lists per list kind. */
  listReps: number;
  workDir: string;
  log: (msg: string) => void;
}

/**
 * API reads with nodes present: wrk throughput of `GET /v1/nodes/{id}` (round-robin over every node) and of
 * `GET /v1/nodes?detail=True` (one page, up to 1,000 nodes), then sequential full-list timings (one
 * client, following `next`) of `/v1/nodes` and `/v1/nodes?detail=True`.
 */
export async function measureReads(
  options: ReadOptions,
  client: IronicClient,
): Promise<{ reads: ReadResult[]; lists: ListTiming[] }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.microversion) headers['X-OpenStack-Ironic-API-Version'] = options.microversion;
  const reads: ReadResult[] = [];
  const n = options.uuids.length;
  const cases: { request: string; paths: string[] }[] = [
    { request: 'GET /v1/nodes/{id}', paths: options.uuids.map((u) => `/v1/nodes/${u}`) },
    { request: 'GET /v1/nodes?detail=True', paths: ['/v1/nodes?detail=True'] },
  ];
  const base = new URL(options.url);
  const prefix = base.pathname.replace(/\/$/, '');
  const probe = async () => {
    const t0 = performance.now();
    await client.call('GET', '/v1/nodes?limit=1');
    return performance.now() - t0;
  };
  const baseline = Math.min(await probe(), await probe(), await probe());
  // wrk stops sending when its time is up, but a slow server still has its queued requests to answer:
  // wait until a trivial request is fast again before the next measurement
  const drain = async () => {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && (await probe()) > Math.max(5, 3 * baseline)) await sleep(250);
  };
  for (const c of cases) {
    await drain();
    const out = await runWrk({
      url: `${base.protocol}//${base.host}`,
      paths: c.paths.map((p) => prefix + p),
      headers,
      connections: options.connections,
      threads: options.threads,
      durationSeconds: options.durationSeconds,
      workDir: options.workDir,
    });
    const row: ReadResult = {
      target: options.target,
      request: c.request,
      nodes: n,
      tool: 'wrk',
      connections: options.connections,
      threads: options.threads,
      durationSeconds: options.durationSeconds,
      requestsPerSecond: out.requestsPerSecond,
      non2xx: out.non2xx,
      socketErrors: out.socketErrors,
      latency: out.latency,
      load1: currentLoad()[0],
    };
    reads.push(row);
    options.log(
      `  ${options.target} N=${n} ${c.request.padEnd(26)} ${out.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${out.latency.p50.toFixed(1)} ms  p99 ${out.latency.p99.toFixed(1)} ms  non-2xx ${out.non2xx}`,
    );
  }
  const lists: ListTiming[] = [];
  for (const request of ['/v1/nodes', '/v1/nodes?detail=True']) {
    await drain();
    await listAll(client, options.url, request); // warm-up, not timed
    const times: number[] = [];
    let pages = 0;
    for (let i = 0; i < options.listReps; i++) {
      const t0 = performance.now();
      const r = await listAll(client, options.url, request);
      times.push(performance.now() - t0);
      pages = r.pages;
    }
    const row: ListTiming = {
      target: options.target,
      request: `GET ${request} (full list)`,
      nodes: n,
      pages,
      reps: options.listReps,
      latency: summarize(times),
    };
    lists.push(row);
    options.log(
      `  ${options.target} N=${n} full list ${request.padEnd(22)} p50 ${row.latency.p50.toFixed(1)} ms  min ${row.latency.min.toFixed(1)} ms  (${pages} pages)`,
    );
  }
  await drain();
  return { reads, lists };
}
