import 'reflect-metadata';
import { startFleet } from '@ferric/bmc-emulator';
import { createConductor, type EmbeddedConductor, InProcessTransport } from '@ferric/conductor';
import { ProvisionState as S } from '@ferric/core';
import { redfishPlugin } from '@ferric/drivers-redfish';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FerricMetrics, startMetricsListener } from '../src/index.js';

const silent = pino({ level: 'silent' });

/** The value of one series in a Prometheus text exposition (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function conductor(
  extra: Record<string, unknown> = {},
  plugins = [redfishPlugin],
): Promise<EmbeddedConductor> {
  const c = createConductor({
    database: { sqlite: ':memory:' },
    plugins,
    logger: silent,
    transport: new InProcessTransport(),
    config: {
      host: 'metrics-test',
      workersPoolSize: 10,
      syncPowerStateInterval: 3600,
      gracefulShutdownTimeout: 2,
      ...extra,
    },
  });
  await c.start();
  cleanups.push(() => c.stop());
  return c;
}

function settled(c: EmbeddedConductor, node: string, state: string) {
  return waitFor(async () => {
    const n = await c.inventory.getNode(node);
    return n.provisionState === state && n.reservation === null ? n : undefined;
  }, `${node} to reach ${state}`);
}

describe('FerricMetrics', () => {
  it('counts nodes by state as they move enroll → manageable → available → active, with transitions and time per state', async () => {
    const c = await conductor();
    const metrics = new FerricMetrics({ processMetrics: false });
    cleanups.push(() => metrics.close());
    metrics.observeConductor(c);
    metrics.observeInventory(c.inventory, { events: c.events, recountInterval: 3600 });
    await c.rpc.createNode({ node: { name: 'pre-existing', driver: 'fake-hardware' } });
    await metrics.settled();

    let text = await metrics.scrape();
    // Created before the first recount finished or right after: counted either way.
    const node = await c.rpc.createNode({ node: { name: 'n1', driver: 'fake-hardware' } });
    text = await waitFor(async () => {
      const t = await metrics.scrape();
      return sample(t, 'ferric_nodes', { provision_state: 'enroll' }) === 2 ? t : undefined;
    }, 'two enrolled nodes');
    expect(sample(text, 'ferric_nodes', { provision_state: 'available' })).toBe(0);
    expect(sample(text, 'ferric_nodes_by_conductor_group', { conductor_group: 'none' })).toBe(2);
    expect(sample(text, 'ferric_nodes_by_hardware_type', { hardware_type: 'fake-hardware' })).toBe(2);

    await c.rpc.doProvisioningAction({ node: node.uuid, verb: 'manage' });
    await settled(c, node.uuid, S.MANAGEABLE);
    await c.rpc.doProvisioningAction({ node: node.uuid, verb: 'provide' });
    await settled(c, node.uuid, S.AVAILABLE);
    text = await metrics.scrape();
    expect(sample(text, 'ferric_nodes', { provision_state: 'enroll' })).toBe(1);
    expect(sample(text, 'ferric_nodes', { provision_state: 'available' })).toBe(1);
    expect(sample(text, 'ferric_provision_transitions_total', { verb: 'provide', result: 'ok' })).toBe(1);

    await c.rpc.updateNode({
      node: node.uuid,
      patch: { instanceInfo: { image_source: 'http://example.invalid/img.qcow2' } },
    });
    await c.rpc.doProvisioningAction({ node: node.uuid, verb: 'deploy' });
    await settled(c, node.uuid, S.ACTIVE);
    text = await metrics.scrape();
    expect(sample(text, 'ferric_nodes', { provision_state: 'available' })).toBe(0);
    expect(sample(text, 'ferric_nodes', { provision_state: 'active' })).toBe(1);
    expect(sample(text, 'ferric_nodes_by_power_state', { power_state: 'power on' })).toBe(1);
    expect(sample(text, 'ferric_provision_transitions_total', { verb: 'deploy', result: 'ok' })).toBe(1);
    // The node left "available" once, after it had been seen entering it.
    expect(sample(text, 'ferric_provision_state_duration_seconds_count', { state: 'available' })).toBe(1);
    // fake-hardware's power calls went through the instrumented driver; step lists are not BMC calls.
    expect(
      sample(text, 'ferric_bmc_call_duration_seconds_count', {
        hardware_type: 'fake-hardware',
        interface: 'power',
        operation: 'getPowerState',
      }),
    ).toBeGreaterThan(0);
    expect(text).not.toMatch(/operation="get\w*Steps"/);
    expect(text).not.toContain('interface="deploy"');
    expect(sample(text, 'ferric_worker_pool_size')).toBe(10);
    expect(sample(text, 'ferric_worker_pool_refused_total')).toBe(0);
    expect(sample(text, 'ferric_periodic_runs_total', {})).toBeDefined();

    await c.rpc.setMaintenance({ node: 'pre-existing', maintenance: true, reason: 'cabling' });
    await c.rpc.deleteNode({ node: node.uuid }).catch(() => undefined);
    text = await metrics.scrape();
    expect(sample(text, 'ferric_nodes_by_maintenance', { maintenance: 'true' })).toBe(1);
  });

  it('a recount corrects what the events could not see (nodes changed by another process)', async () => {
    const c = await conductor();
    const metrics = new FerricMetrics({ processMetrics: false });
    cleanups.push(() => metrics.close());
    // No events followed: only the recount sees the nodes.
    for (let i = 0; i < 3; i++) await c.rpc.createNode({ node: { name: `r${i}`, driver: 'fake-hardware' } });
    metrics.observeInventory(c.inventory, { recountInterval: 0.05 });
    const text = await waitFor(async () => {
      const t = await metrics.scrape();
      return sample(t, 'ferric_nodes', { provision_state: 'enroll' }) === 3 ? t : undefined;
    }, 'the recount');
    expect(sample(text, 'ferric_nodes_by_maintenance', { maintenance: 'false' })).toBe(3);
  });

  it('a BMC fault (wrong password, then a 500) shows in the driver error counters by kind', async () => {
    const fleet = await startFleet({ count: 1, credentials: { username: 'admin', password: 'password' } });
    cleanups.push(() => fleet.close());
    const bmc = fleet.bmcs[0]!;
    const c = await conductor({ enabledHardwareTypes: ['redfish', 'fake-hardware'] });
    const metrics = new FerricMetrics({ processMetrics: false });
    cleanups.push(() => metrics.close());
    metrics.observeConductor(c);

    const good = await c.rpc.createNode({
      node: {
        name: 'good',
        driver: 'redfish',
        driverInfo: { ...bmc.driverInfo, redfish_connection_attempts: 1 },
      },
    });
    const bad = await c.rpc.createNode({
      node: {
        name: 'bad',
        driver: 'redfish',
        driverInfo: { ...bmc.driverInfo, redfish_password: 'wrong', redfish_connection_attempts: 1 },
      },
    });
    expect(await c.rpc.getNodePowerState({ node: good.uuid })).toMatch(/^power (on|off)$/);
    await expect(c.rpc.getNodePowerState({ node: bad.uuid })).rejects.toThrow();
    bmc.faults.burst(20, 500);
    await expect(c.rpc.getNodePowerState({ node: good.uuid })).rejects.toThrow();

    const text = await metrics.scrape();
    const ok = { hardware_type: 'redfish', interface: 'power', operation: 'getPowerState' };
    expect(sample(text, 'ferric_bmc_call_duration_seconds_count', ok)).toBe(3);
    expect(sample(text, 'ferric_bmc_call_errors_total', { ...ok, kind: 'auth' })).toBe(1);
    expect(sample(text, 'ferric_bmc_call_errors_total', { ...ok, kind: 'bmc_error' })).toBe(1);
    expect(text).not.toContain('wrong');
  });

  it('counts API requests by route template and serves /metrics on a separate, authenticated listener', async () => {
    const metrics = new FerricMetrics();
    cleanups.push(() => metrics.close());
    const app = Fastify();
    metrics.instrumentApi(app);
    app.get('/v1/nodes/:id', async (req) => ({ id: (req.params as { id: string }).id }));
    metrics.registerEndpoint(app);
    await app.inject({ method: 'GET', url: '/v1/nodes/a' });
    await app.inject({ method: 'GET', url: '/v1/nodes/b' });
    await app.inject({ method: 'GET', url: '/nope' });
    const scraped = await app.inject({ method: 'GET', url: '/metrics' });
    expect(scraped.headers['content-type']).toContain('text/plain');
    const text = scraped.body;
    expect(
      sample(text, 'ferric_api_requests_total', { route: '/v1/nodes/:id', method: 'GET', status: '200' }),
    ).toBe(2);
    expect(sample(text, 'ferric_api_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(sample(text, 'ferric_api_request_duration_seconds_count', { route: '/v1/nodes/:id' })).toBe(2);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    await app.close();

    const listener = await startMetricsListener(metrics, {
      host: '127.0.0.1',
      port: 0,
      authorize: async (h) => h === 'Bearer s3cret',
      challenge: 'Bearer',
    });
    cleanups.push(() => listener.close());
    const denied = await fetch(listener.url);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer');
    const allowed = await fetch(listener.url, { headers: { 'X-Auth-Token': 's3cret' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('ferric_api_requests_total');
    expect((await fetch(listener.url.replace('/metrics', '/other'))).status).toBe(404);
  });
});
