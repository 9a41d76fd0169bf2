/**
 * `POST /v1/continue_inspection` (Ironic 1.84) with the agent's `agent` inspect interface loaded through
 * the `plugins` config section, behind token auth (the endpoint is public like lookup/heartbeat).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fault, startTestService, type TestService, until } from './helpers.js';

const TOKEN = 'inspection-test-token-0123456789';
const ADMIN = {
  'x-openstack-ironic-api-version': '1.84',
  authorization: `Bearer ${TOKEN}`,
  'content-type': 'application/json',
};
// IPA posts without a version header: 1.1, which Ironic serves as well as 1.84 and later.
const AGENT = { 'content-type': 'application/json' };
const MAC = '52:54:00:aa:bb:01';

describe('POST /v1/continue_inspection', { timeout: 60_000 }, () => {
  let svc: TestService;
  let uuid = '';

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${svc.url}${path}`, {
      method,
      headers: ADMIN,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const post = (body: unknown, query = '', headers: Record<string, string> = AGENT) =>
    fetch(`${svc.url}/v1/continue_inspection${query}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
  const state = async () =>
    (await (await admin('GET', `/v1/nodes/${uuid}`)).json()) as {
      provision_state: string;
      properties: object;
    };
  const inventory = {
    interfaces: [{ name: 'eth0', mac_address: MAC.toUpperCase() }],
    cpu: { count: 4, architecture: 'x86_64' },
    memory: { physical_mb: 4096 },
    disks: [{ name: '/dev/vda', size: 21 * 1024 ** 3 }],
  };

  beforeAll(async () => {
    svc = await startTestService({
      auth: { strategy: 'token', tokens: [TOKEN] },
      plugins: ['@ferric/agent'],
      agent: { apiUrl: 'http://127.0.0.1:9' },
    });
    const created = await admin('POST', '/v1/nodes', { driver: 'fake-hardware', inspect_interface: 'agent' });
    expect(created.status).toBe(201);
    uuid = ((await created.json()) as { uuid: string }).uuid;
    // A lenient boolean as `baremetal port create --pxe-enabled true` sends it.
    const port = await admin('POST', '/v1/ports', { node_uuid: uuid, address: MAC, pxe_enabled: 'true' });
    expect(port.status).toBe(201);
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('refuses a node that is not in "inspect wait" with a 400 and Ironic error body', async () => {
    const r = await post({ inventory }, `?node_uuid=${uuid}`);
    expect(r.status).toBe(400);
    const message = fault(await r.text()).faultstring;
    expect(message).toMatch(/inspect wait/);
    expect(message).not.toMatch(/enroll/);
  });

  it('tells a caller who only has a MAC nothing about a node that is not waiting (no UUID, no state)', async () => {
    const r = await post({ inventory });
    expect(r.status).toBe(404);
    const body = await r.text();
    expect(body).not.toContain(uuid);
    expect(body).not.toMatch(/enroll/);
    expect(fault(body).faultstring).toMatch(/Node could not be found/);
  });

  it('validates the body and finds nodes by MAC (404 when none)', async () => {
    expect((await post({ nothing: 1 })).status).toBe(400);
    expect((await post({ inventory: { interfaces: 'eth0' } })).status).toBe(400);
    expect((await post({ inventory: { interfaces: [] } })).status).toBe(400);
    const r = await post({ inventory: { interfaces: [{ mac_address: '52:54:00:00:00:99' }] } });
    expect(r.status).toBe(404);
    expect(fault(await r.text()).faultstring).toMatch(/Node could not be found/);
    // Between 1.2 and 1.83 the endpoint does not exist (Ironic's version gate); 1.1 and 1.84+ have it.
    const old = await post({ inventory }, '', {
      'content-type': 'application/json',
      'x-openstack-ironic-api-version': '1.83',
    });
    expect(old.status).toBe(404);
  });

  it('accepts the inventory of a node in "inspect wait" without credentials (by MAC) → manageable', async () => {
    expect((await admin('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'manage' })).status).toBe(202);
    await until(async () => (await state()).provision_state === 'manageable');
    expect((await admin('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'inspect' })).status).toBe(
      202,
    );
    await until(async () => (await state()).provision_state === 'inspect wait');
    const r = await post({ inventory, extra_plugin_data: { a: 1 } });
    expect(r.status).toBe(202);
    expect(await r.json()).toEqual({ uuid });
    const done = await until(async () => {
      const s = await state();
      return s.provision_state === 'manageable' ? s : undefined;
    });
    expect(done.properties).toMatchObject({ cpus: 4, cpu_arch: 'x86_64', memory_mb: 4096, local_gb: 20 });
  });
});
