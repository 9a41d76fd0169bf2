/**
 * Periodic tasks seen from outside a conductor: `periodic.*` events on the SSE stream, and the
 * read-only `GET /v1/ferric/conductors/{hostname}/periodics` view, served over conductor RPC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConductor, createConductorClient, type EmbeddedConductor } from '@ferric/conductor';
import { JsonRpcTransport } from '@ferric/rpc-transports';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../src/app.js';
import { createDriverMetadata } from '../src/driver-metadata.js';
import { startTestService, type TestService, until, V } from './helpers.js';

const SYNC = '@ferric/conductor:ConductorManager.syncPowerStates';
const TIMEOUTS = '@ferric/conductor:ConductorManager.checkWaitTimeouts';
const TOKEN = `periodics-test-token-${process.pid}-0123456789abcdef`;

describe('periodic events on the SSE stream (all-in-one)', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ conductor: { checkProvisionStateInterval: 0.1 } });
    await svc.api.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('streams periodic.started and periodic.finished with the duration; unknown types are refused', async () => {
    const res = await fetch(`${svc.url}/v1/events?type=periodic.started,periodic.finished`, { headers: V });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (!/event: periodic\.finished\ndata: .*checkWaitTimeouts/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    const started = /event: periodic\.started\ndata: (\{.*\})/.exec(text);
    const finished = /event: periodic\.finished\ndata: (\{.*checkWaitTimeouts.*\})/.exec(text);
    expect(started).not.toBeNull();
    expect(JSON.parse(finished![1]!)).toMatchObject({
      id: TIMEOUTS,
      name: 'ConductorManager.checkWaitTimeouts',
      host: svc.conductor.host,
      durationMs: expect.any(Number),
    });
    const bad = await fetch(`${svc.url}/v1/events?type=periodic.nope`, { headers: V });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/known: .*periodic\.skipped/);
  });
});

describe('GET /v1/ferric/conductors/{hostname}/periodics over JSON-RPC', () => {
  let dir: string;
  let conductor: EmbeddedConductor;
  let server: JsonRpcTransport;
  let clientTransport: JsonRpcTransport;
  let close: () => Promise<void>;
  let api: FastifyInstance;
  const host = `periodics-${process.pid}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferric-periodics-'));
    const sqlite = join(dir, 'ferric.sqlite');
    const logger = pino({ level: 'silent' });
    // The conductor side: its own database handle, serving RPC on a loopback port.
    server = new JsonRpcTransport({ logger, token: TOKEN });
    const address = await server.listen('127.0.0.1', 0);
    conductor = createConductor({
      database: { sqlite },
      logger,
      transport: server,
      rpcAddress: address,
      config: { host, syncPowerStateInterval: 3600, checkProvisionStateInterval: 0.1 },
    });
    server.setAddressResolver((h) => conductor.rpcAddressOf(h));
    await conductor.start();
    // The API side: no conductor, another database handle, calls over HTTP JSON-RPC.
    clientTransport = new JsonRpcTransport({ logger, token: TOKEN });
    const client = await createConductorClient({ database: { sqlite }, transport: clientTransport });
    clientTransport.setAddressResolver((h) => client.rpcAddressOf(h));
    close = () => client.close();
    api = await createApiServer({
      backend: {
        rpc: client.rpc,
        inventory: client.inventory,
        drivers: createDriverMetadata([], conductor.config),
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await close?.();
    await clientTransport?.close();
    await conductor?.stop();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the conductor's periodic tasks with their last runs", async () => {
    const url = `/v1/ferric/conductors/${host}/periodics`;
    const body = await until(async () => {
      const res = await api.inject({ url, headers: V });
      expect(res.statusCode).toBe(200);
      const b = res.json() as { hostname: string; periodics: Record<string, unknown>[] };
      return b.periodics.find((p) => p.id === TIMEOUTS && (p.runs as number) >= 2) ? b : undefined;
    });
    expect(body.hostname).toBe(host);
    const timeouts = body.periodics.find((p) => p.id === TIMEOUTS)!;
    expect(timeouts).toMatchObject({
      name: 'ConductorManager.checkWaitTimeouts',
      source: '@ferric/conductor',
      spacing: 0.1,
      enabled: true,
      paused: false,
      failures: 0,
      skipped: 0,
      last_error: null,
      last_started_at: expect.any(String),
      last_duration_ms: expect.any(Number),
    });
    expect(body.periodics.find((p) => p.id === SYNC)).toMatchObject({ spacing: 3600, runs: 0 });
    // The in-process registry agrees: pausing there shows here.
    conductor.periodics.pause(TIMEOUTS);
    const paused = (await api.inject({ url, headers: V })).json() as { periodics: Record<string, unknown>[] };
    expect(paused.periodics.find((p) => p.id === TIMEOUTS)).toMatchObject({
      paused: true,
      next_run_at: null,
    });
    conductor.periodics.resume(TIMEOUTS);
  });

  it('404 for an unknown conductor or below API 1.49; read-only', async () => {
    const unknown = await api.inject({ url: '/v1/ferric/conductors/nope/periodics', headers: V });
    expect(unknown.statusCode).toBe(404);
    const old = await api.inject({
      url: `/v1/ferric/conductors/${host}/periodics`,
      headers: { 'x-openstack-ironic-api-version': '1.48' },
    });
    expect(old.statusCode).toBe(404);
    const post = await api.inject({
      method: 'POST',
      url: `/v1/ferric/conductors/${host}/periodics`,
      headers: V,
    });
    expect([404, 405]).toContain(post.statusCode);
  });
});
