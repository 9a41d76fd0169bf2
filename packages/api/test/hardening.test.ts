/**
 * Issue 18, items 7 and 8: inputs that used to answer 500 or be stored wrongly, names that make
 * lookups ambiguous, credentials in BMC addresses, request timeouts and the connection cap, and
 * expected 503s logged below error level.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fault, startTestService, type TestService, until } from './helpers.js';

const J = { 'x-openstack-ironic-api-version': '1.78', 'content-type': 'application/json' };

describe('API hardening', { timeout: 60_000 }, () => {
  let svc: TestService;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${svc.url}${path}`, {
      method,
      headers: J,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const create = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/v1/nodes', { driver: 'fake-hardware', ...body });
    return { status: r.status, body: await r.text() };
  };

  beforeAll(async () => {
    svc = await startTestService({
      conductor: { workersPoolSize: 3, reservedWorkersPoolPercentage: 0, nodeLockedRetryAttempts: 0 },
    });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('PATCH of /extra/__proto__ (and constructor, prototype) is a 400, not a 500', async () => {
    const { body } = await create({ name: 'proto' });
    const uuid = (JSON.parse(body) as { uuid: string }).uuid;
    for (const path of [
      '/extra/__proto__',
      '/extra/constructor',
      '/properties/prototype',
      '/extra/a/__proto__',
    ]) {
      const r = await call('PATCH', `/v1/nodes/${uuid}`, [{ op: 'add', path, value: {} }]);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(fault(await r.text()).faultstring).toMatch(/forbidden key/);
    }
    const node = (await (await call('GET', `/v1/nodes/${uuid}`)).json()) as { extra: object };
    expect(node.extra).toEqual({});
  });

  it('refuses numbers JSON cannot hold (1e999) instead of storing null', async () => {
    const r = await call('POST', '/v1/nodes', '{"driver":"fake-hardware","name":"inf","extra":{"x":1e999}}');
    expect(r.status).toBe(400);
    expect(fault(await r.text()).faultstring).toMatch(/out of range/);
    expect((await call('GET', '/v1/nodes/inf')).status).toBe(404);
  });

  it('refuses UUID-shaped node names, at create and on rename', async () => {
    const shaped = '0b7c5a4e-1f2d-4c3b-9a8e-7d6c5b4a3f21';
    const bad = await create({ name: shaped });
    expect(bad.status).toBe(400);
    expect(fault(bad.body).faultstring).toBe(`Cannot create node with invalid name '${shaped}'`);
    const ok = await create({ name: 'renamed-later' });
    const uuid = (JSON.parse(ok.body) as { uuid: string }).uuid;
    const r = await call('PATCH', `/v1/nodes/${uuid}`, [{ op: 'replace', path: '/name', value: shaped }]);
    expect(r.status).toBe(400);
    expect(fault(await r.text()).faultstring).toBe(
      `Node ${uuid}: Cannot change name to invalid name '${shaped}'`,
    );
  });

  it('refuses credentials embedded in a BMC address at create and update', async () => {
    const bad = await create({
      name: 'creds',
      driver_info: { redfish_address: 'https://admin:hunter2@192.0.2.7', redfish_system_id: '/x' },
    });
    expect(bad.status).toBe(400);
    expect(fault(bad.body).faultstring).toMatch(/redfish_address must not carry credentials/);
    expect(bad.body).not.toContain('hunter2');
    const ok = await create({ name: 'creds', driver_info: { redfish_address: 'https://192.0.2.7' } });
    expect(ok.status).toBe(201);
    const r = await call('PATCH', '/v1/nodes/creds', [
      { op: 'replace', path: '/driver_info/redfish_address', value: 'admin:pw@192.0.2.7:443' },
    ]);
    expect(r.status).toBe(400);
  });

  it('cuts off a request whose body never finishes (408) and caps connections', async () => {
    svc.api.server.requestTimeout = 500;
    svc.api.server.headersTimeout = 500;
    try {
      const { port } = new URL(svc.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            'POST /v1/nodes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"dri',
          );
        });
        let data = '';
        socket.on('data', (c) => {
          data += c.toString();
        });
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      svc.api.server.requestTimeout = 30_000;
      svc.api.server.headersTimeout = 15_000;
    }
    expect(svc.api.server.maxConnections).toBe(1024);
  });

  it('logs expected 503s (no free worker) below error level', async () => {
    const uuids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { body } = await create({ name: `busy-${i}`, driver_info: { fake_latency_ms: 2000 } });
      uuids.push((JSON.parse(body) as { uuid: string }).uuid);
    }
    const before = svc.logs.length;
    const codes = await Promise.all(
      uuids.map(
        async (u) => (await call('PUT', `/v1/nodes/${u}/states/power`, { target: 'power on' })).status,
      ),
    );
    expect(codes).toContain(503);
    const lines = svc.logs.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    for (const u of uuids)
      await until(async () => (await svc.conductor.inventory.getNode(u)).reservation === null, 20_000);
  });
});
