/**
 * Behaviours of Ironic 21.4.4 that its own API test suite (ironic-tempest-plugin) relies on, each
 * checked here on its own (the full suite runs in tempest.test.ts when tempest is installed):
 * unversioned paths, the `nodes/states/console/{id}` route, RAID logical disk properties, the
 * initial state of nodes created by old clients, traits below 1.37, port ids and node references,
 * `protected` outside `active`, the `fault` filter, physical networks in a port group, port group
 * `mode`/`properties` below 1.26 and allocations processed in the background.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fault, startTestService, type TestService, until } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = any;

const at = (minor: number) => ({
  'x-openstack-ironic-api-version': `1.${minor}`,
  'content-type': 'application/json',
});

describe('Ironic behaviours its API tests rely on', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ logLevel: 'silent' });
  });
  afterAll(async () => {
    await svc?.close();
  });

  /** A real HTTP request (so routing is exercised exactly as clients see it). */
  async function call(
    method: string,
    path: string,
    minor: number,
    body?: unknown,
  ): Promise<{ status: number; json: Body; text: string; headers: Headers }> {
    const r = await fetch(`${svc.url}${path}`, {
      method,
      headers: at(minor),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: r.status, json, text, headers: r.headers };
  }

  async function createNode(minor = 78, body: Record<string, unknown> = {}) {
    const r = await call('POST', '/v1/nodes', minor, { driver: 'fake-hardware', ...body });
    expect(r.status, r.text).toBe(201);
    return r.json as { uuid: string; provision_state: string | null };
  }

  async function provision(uuid: string, target: string, want: string) {
    const r = await call('PUT', `/v1/nodes/${uuid}/states/provision`, 78, { target });
    expect(r.status, r.text).toBe(202);
    await until(async () => (await call('GET', `/v1/nodes/${uuid}`, 78)).json.provision_state === want);
  }

  it('serves paths without a version as /v1 (bookmark links)', async () => {
    const node = await createNode();
    const shown = await call('GET', `/nodes/${node.uuid}`, 78);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.json.uuid).toBe(node.uuid);
    const bookmark = shown.json.links.find((l: { rel: string }) => l.rel === 'bookmark').href as string;
    expect((await fetch(bookmark, { headers: at(78) })).status).toBe(200);
    // Repeated slashes, as tempest joins its base URL and a path.
    expect((await call('GET', `//nodes/detail?instance_uuid=${node.uuid}`, 78)).json.nodes).toEqual([]);
    expect((await call('GET', '/drivers/fake-hardware/properties', 78)).status).toBe(200);
    expect((await call('GET', '/no-such-resource', 78)).status).toBe(404);
    // The root still answers the version document.
    expect((await call('GET', '/', 78)).json.default_version.id).toBe('v1');
  });

  it('answers GET/PUT /v1/nodes/states/console/{id} like /v1/nodes/{id}/states/console', async () => {
    const node = await createNode();
    const r = await call('GET', `/v1/nodes/states/console/${node.uuid}`, 78);
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({ console_enabled: false, console_info: null });
    expect((await call('GET', '/v1/nodes/states/console/missing-node', 78)).status).toBe(404);
    // A node's own states path still routes to the node.
    expect((await call('GET', `/v1/nodes/${node.uuid}/states`, 78)).status).toBe(200);
  });

  it('serves the RAID logical disk properties of a driver from 1.12', async () => {
    const r = await call('GET', '/v1/drivers/fake-hardware/raid/logical_disk_properties', 12);
    expect(r.status, r.text).toBe(200);
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(['raid_level', 'size_gb', 'is_root_volume']));
    expect(r.json.raid_level).toMatch(/Required\.$/);
    expect((await call('GET', '/v1/drivers/fake-hardware/raid/logical_disk_properties', 11)).status).toBe(
      406,
    );
    expect((await call('GET', '/v1/drivers/no-such/raid/logical_disk_properties', 12)).status).toBe(404);
    // manual-management's default RAID interface is no-raid: nothing to describe.
    const none = await call('GET', '/v1/drivers/manual-management/raid/logical_disk_properties', 12);
    expect(none.status, none.text).toBe(404);
  });

  it('creates nodes available below 1.11 and shows available as null below 1.2', async () => {
    const old = await createNode(1);
    expect(old.provision_state).toBeNull();
    expect((await call('GET', `/v1/nodes/${old.uuid}`, 2)).json.provision_state).toBe('available');
    expect((await call('GET', `/v1/nodes/${old.uuid}/states`, 1)).json.provision_state).toBeNull();
    expect((await createNode(10)).provision_state).toBe('available');
    expect((await createNode(11)).provision_state).toBe('enroll');
  });

  it('answers the traits paths below 1.37 as older Ironic releases did', async () => {
    const node = await createNode();
    const list = await call('GET', `/v1/nodes/${node.uuid}/traits`, 36);
    expect(list.status).toBe(406);
    const set = await call('PUT', `/v1/nodes/${node.uuid}/traits`, 36, { traits: ['CUSTOM_A'] });
    expect(set.status).toBe(405);
    expect(set.headers.get('allow')).toBe('DELETE, GET, PATCH, POST');
    expect((await call('PUT', `/v1/nodes/${node.uuid}/traits/CUSTOM_A`, 36)).status).toBe(405);
    expect((await call('DELETE', `/v1/nodes/${node.uuid}/traits/CUSTOM_A`, 36)).status).toBe(404);
    expect((await call('GET', `/v1/nodes/${node.uuid}/traits`, 37)).json).toEqual({ traits: [] });
  });

  it('refuses port ids that are not UUIDs and unknown nodes in a port body with 400', async () => {
    const node = await createNode();
    const port = await call('POST', '/v1/ports', 78, { node_uuid: node.uuid, address: '52:54:00:aa:00:01' });
    expect(port.status, port.text).toBe(201);
    for (const id of ['52:54:00:aa:00:01', 'malformed:uuid']) {
      for (const method of ['GET', 'DELETE']) {
        const r = await call(method, `/v1/ports/${id}`, 78);
        expect(r.status, `${method} ${id}`).toBe(400);
        expect(fault(r.text).faultstring).toBe(`Expected UUID for port_uuid: ${id}`);
      }
      const patch = await call('PATCH', `/v1/ports/${id}`, 78, [{ op: 'add', path: '/extra/a', value: 1 }]);
      expect(patch.status).toBe(400);
    }
    const missing = '6b7b1a6e-0d29-4c5e-9a49-1f0f2f0e0e0e';
    const create = await call('POST', '/v1/ports', 78, { node_uuid: missing, address: '52:54:00:aa:00:02' });
    expect(create.status).toBe(400);
    expect(fault(create.text).faultstring).toBe(`Node ${missing} could not be found.`);
    const move = await call('PATCH', `/v1/ports/${port.json.uuid}`, 78, [
      { op: 'replace', path: '/node_uuid', value: missing },
    ]);
    expect(move.status).toBe(400);
    expect((await call('GET', `/v1/nodes/${missing}`, 78)).status).toBe(404);
  });

  it('refuses a driver no conductor serves with 400 (create and driver change)', async () => {
    const r = await call('POST', '/v1/nodes', 78, { driver: 'no-such-driver' });
    expect(r.status, r.text).toBe(400);
    expect(fault(r.text).faultstring).toBe(
      'No valid host was found. Reason: No conductor service registered which supports driver no-such-driver for conductor group "".',
    );
    const node = await createNode();
    const change = await call('PATCH', `/v1/nodes/${node.uuid}`, 78, [
      { op: 'replace', path: '/driver', value: 'no-such-driver' },
    ]);
    expect(change.status, change.text).toBe(400);
    expect(fault(change.text).faultstring).toMatch(/no-such-driver/);
  });

  it('refuses protected outside active with 409', async () => {
    const node = await createNode();
    const r = await call('PATCH', `/v1/nodes/${node.uuid}`, 78, [
      { op: 'replace', path: '/protected', value: true },
    ]);
    expect(r.status, r.text).toBe(409);
    expect(fault(r.text).faultstring).toMatch(/can only be made protected/);
  });

  it('validates the fault filter', async () => {
    const bad = await call('GET', '/v1/nodes?fault=somefake', 42);
    expect(bad.status).toBe(400);
    expect(fault(bad.text).faultstring).toMatch(/^Unrecognized fault "somefake" is specified/);
    expect((await call('GET', `/v1/nodes?fault=${encodeURIComponent('power failure')}`, 42)).status).toBe(
      200,
    );
  });

  it('keeps every port of a port group on one physical network (409)', async () => {
    const node = await createNode();
    const pg = await call('POST', '/v1/portgroups', 78, {
      node_uuid: node.uuid,
      address: '52:54:00:bb:00:01',
    });
    expect(pg.status, pg.text).toBe(201);
    const port = (address: string, body: Record<string, unknown>) =>
      call('POST', '/v1/ports', 78, { node_uuid: node.uuid, address, ...body });
    expect(
      (await port('52:54:00:bb:00:02', { portgroup_uuid: pg.json.uuid, physical_network: 'p1' })).status,
    ).toBe(201);
    const other = await port('52:54:00:bb:00:03', { portgroup_uuid: pg.json.uuid, physical_network: 'p2' });
    expect(other.status, other.text).toBe(409);
    const outside = await port('52:54:00:bb:00:04', { physical_network: 'p2' });
    expect(outside.status).toBe(201);
    const join = await call('PATCH', `/v1/ports/${outside.json.uuid}`, 78, [
      { op: 'replace', path: '/portgroup_uuid', value: pg.json.uuid },
    ]);
    expect(join.status, join.text).toBe(409);
    const member = await port('52:54:00:bb:00:05', { portgroup_uuid: pg.json.uuid, physical_network: 'p1' });
    expect(member.status).toBe(201);
    const change = await call('PATCH', `/v1/ports/${member.json.uuid}`, 78, [
      { op: 'replace', path: '/physical_network', value: 'p2' },
    ]);
    expect(change.status, change.text).toBe(409);
  });

  it('shows port group mode and properties from 1.23 and checks 1.26 on the first operation only', async () => {
    const node = await createNode();
    const pg = await call('POST', '/v1/portgroups', 23, {
      node_uuid: node.uuid,
      address: '52:54:00:cc:00:01',
    });
    expect(pg.status, pg.text).toBe(201);
    expect(pg.json).toMatchObject({ mode: 'active-backup', properties: {} });
    const url = `/v1/portgroups/${pg.json.uuid}`;
    const first = await call('PATCH', url, 23, [{ op: 'add', path: '/properties/k', value: 'v' }]);
    expect(first.status).toBe(406);
    const later = await call('PATCH', url, 23, [
      { op: 'add', path: '/extra/k', value: 'v' },
      { op: 'add', path: '/properties/k', value: 'v' },
    ]);
    expect(later.status, later.text).toBe(200);
    expect(later.json).toMatchObject({ extra: { k: 'v' }, properties: { k: 'v' } });
  });

  it('processes an allocation in the background: allocating first, then active with its node', async () => {
    const node = await createNode(78, { resource_class: 'behaviour-rc' });
    await provision(node.uuid, 'manage', 'manageable');
    await provision(node.uuid, 'provide', 'available');
    const r = await call('POST', '/v1/allocations', 78, { resource_class: 'behaviour-rc' });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ state: 'allocating', node_uuid: null, last_error: null });
    const done = await until(async () => {
      const a = (await call('GET', `/v1/allocations/${r.json.uuid}`, 78)).json;
      return a.state === 'allocating' ? undefined : a;
    });
    expect(done).toMatchObject({ state: 'active', node_uuid: node.uuid, last_error: null });
    // A backfill binds at once.
    const other = await createNode(78, { resource_class: 'behaviour-rc' });
    await provision(other.uuid, 'manage', 'manageable');
    await provision(other.uuid, 'provide', 'available');
    await provision(other.uuid, 'active', 'active');
    const backfill = await call('POST', '/v1/allocations', 78, { node: other.uuid });
    expect(backfill.status, backfill.text).toBe(201);
    expect(backfill.json).toMatchObject({ state: 'active', node_uuid: other.uuid });
  });
});
