/**
 * Boundary tests of microversions 1.79–1.91 against a real `ferric serve` (fake-hardware): at 1.N-1
 * the field is hidden and the request refused as Ironic refuses it, at 1.N it works. The versions
 * served through a BMC (firmware components, virtual media, health) are tested against the Redfish
 * emulator in packages/e2e.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fault, startTestService, type TestService, until } from './helpers.js';

type Json = Record<string, unknown>;

describe('microversions 1.79–1.91', { timeout: 120_000 }, () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ plugins: ['@ferric/agent'], agent: { apiUrl: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => {
    await svc?.close();
  });

  /** One request at microversion `minor` (`null`: no version header). */
  async function call(minor: number | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (minor !== null) headers['x-openstack-ironic-api-version'] = `1.${minor}`;
    const r = await fetch(`${svc.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text) as Json };
  }
  const createNode = async (body: Json, minor = 91) => {
    const r = await call(minor, 'POST', '/v1/nodes', { driver: 'fake-hardware', ...body });
    expect(r.status, r.text).toBe(201);
    return r.json();
  };
  const state = async (uuid: string) => (await call(91, 'GET', `/v1/nodes/${uuid}`)).json();
  const waitFor = (uuid: string, provisionState: string) =>
    until(async () => {
      const n = await state(uuid);
      return n.provision_state === provisionState ? n : undefined;
    });
  const provision = (minor: number, uuid: string, body: Json) =>
    call(minor, 'PUT', `/v1/nodes/${uuid}/states/provision`, body);

  it('1.79: an allocation picks the node named like it first (and at any version)', async () => {
    const names = ['alloc-a', 'alloc-b', 'alloc-c', 'alloc-d', 'alloc-e'];
    for (const name of names) {
      const n = await createNode({ name, resource_class: 'rc-79' });
      expect((await provision(91, String(n.uuid), { target: 'manage' })).status).toBe(202);
      await waitFor(String(n.uuid), 'manageable');
      expect((await provision(91, String(n.uuid), { target: 'provide' })).status).toBe(202);
      await waitFor(String(n.uuid), 'available');
    }
    // Five rounds: a random pick would hit the named node every time once in 120 runs.
    for (const name of [...names].reverse()) {
      const r = await call(79, 'POST', '/v1/allocations', { name, resource_class: 'rc-79' });
      expect(r.status, r.text).toBe(201);
      const allocation = await until(async () => {
        const a = (await call(79, 'GET', `/v1/allocations/${name}`)).json();
        return a.state === 'allocating' ? undefined : a;
      });
      expect(allocation.state).toBe('active');
      const node = (await call(91, 'GET', `/v1/nodes/${String(allocation.node_uuid)}`)).json();
      expect(node.name).toBe(name);
    }
  });

  it('1.80: node create and delete are unchanged (an RBAC marker)', async () => {
    const n = await createNode({}, 80);
    expect((await call(80, 'DELETE', `/v1/nodes/${String(n.uuid)}`)).status).toBe(204);
  });

  it('1.81: GET /nodes/{id}/inventory serves what in-band inspection saved', async () => {
    const n = await createNode({ inspect_interface: 'agent' });
    const uuid = String(n.uuid);
    expect((await call(80, 'GET', `/v1/nodes/${uuid}/inventory`)).status).toBe(404);
    const none = await call(81, 'GET', `/v1/nodes/${uuid}/inventory`);
    expect(none.status).toBe(404);
    expect(fault(none.text).faultstring).toBe(`Node inventory record for node ${uuid} could not be found.`);
    expect((await provision(81, uuid, { target: 'manage' })).status).toBe(202);
    await waitFor(uuid, 'manageable');
    expect((await provision(81, uuid, { target: 'inspect' })).status).toBe(202);
    await waitFor(uuid, 'inspect wait');
    const inventory = {
      interfaces: [{ name: 'eth0', mac_address: '52:54:00:81:00:01' }],
      cpu: { count: 2, architecture: 'x86_64' },
      memory: { physical_mb: 2048 },
      disks: [{ name: '/dev/vda', size: 10 * 1024 ** 3 }],
    };
    const posted = await call(null, 'POST', `/v1/continue_inspection?node_uuid=${uuid}`, {
      inventory,
      root_disk: { name: '/dev/vda' },
    });
    expect(posted.status, posted.text).toBe(202);
    await waitFor(uuid, 'manageable');
    const saved = await call(81, 'GET', `/v1/nodes/${uuid}/inventory`);
    expect(saved.status).toBe(200);
    expect(saved.json()).toEqual({ inventory, plugin_data: { root_disk: { name: '/dev/vda' } } });
  });

  it('1.82: node shard (field, filters) and GET /v1/shards', async () => {
    expect((await call(81, 'POST', '/v1/nodes', { driver: 'fake-hardware', shard: 'x' })).status).toBe(406);
    const a = await createNode({ shard: 'shard-1' }, 82);
    const b = await createNode({}, 82);
    expect((await call(81, 'GET', `/v1/nodes/${String(a.uuid)}`)).json()).not.toHaveProperty('shard');
    expect((await call(82, 'GET', `/v1/nodes/${String(a.uuid)}`)).json().shard).toBe('shard-1');
    expect((await call(81, 'GET', '/v1/nodes?shard=shard-1')).status).toBe(406);
    expect((await call(81, 'GET', '/v1/nodes?sharded=true')).status).toBe(406);
    const inShard = (await call(82, 'GET', '/v1/nodes?shard=shard-1,other')).json().nodes as Json[];
    expect(inShard.map((n) => n.uuid)).toEqual([a.uuid]);
    const unsharded = (await call(82, 'GET', '/v1/nodes?sharded=false')).json().nodes as Json[];
    expect(unsharded.map((n) => n.uuid)).toContain(b.uuid);
    expect(unsharded.map((n) => n.uuid)).not.toContain(a.uuid);
    const patched = await call(82, 'PATCH', `/v1/nodes/${String(b.uuid)}`, [
      { op: 'add', path: '/shard', value: 'shard-1' },
    ]);
    expect(patched.json().shard).toBe('shard-1');
    expect(
      (await call(81, 'PATCH', `/v1/nodes/${String(b.uuid)}`, [{ op: 'remove', path: '/shard' }])).status,
    ).toBe(406);
    const old = await call(81, 'GET', '/v1/shards');
    expect(old.status).toBe(404);
    expect(fault(old.text).faultstring).toBe('The API version does not allow shards');
    const shards = (await call(82, 'GET', '/v1/shards')).json().shards as { name: string; count: number }[];
    expect(shards.find((s) => s.name === 'shard-1')?.count).toBe(2);
    expect(shards.find((s) => s.name === 'None')?.count).toBeGreaterThan(0);
    expect((await call(81, 'GET', '/v1')).json()).not.toHaveProperty('shards');
    expect((await call(82, 'GET', '/v1')).json()).toHaveProperty('shards');
    // Ports of the nodes in a shard.
    const port = await call(82, 'POST', '/v1/ports', { node_uuid: a.uuid, address: '52:54:00:82:00:01' });
    expect(port.status).toBe(201);
    const ports = (await call(82, 'GET', '/v1/ports?shard=shard-1')).json().ports as Json[];
    expect(ports.map((p) => p.address)).toEqual(['52:54:00:82:00:01']);
    expect((await call(81, 'GET', '/v1/ports?shard=shard-1')).status).toBe(406);
  });

  it('1.83: parent_node, /children, children hidden from lists unless include_children', async () => {
    const parent = await createNode({ name: 'parent-83' });
    expect(
      (await call(82, 'POST', '/v1/nodes', { driver: 'fake-hardware', parent_node: parent.uuid })).status,
    ).toBe(406);
    const bad = await call(83, 'POST', '/v1/nodes', { driver: 'fake-hardware', parent_node: 'no-such-node' });
    expect(bad.status).toBe(400);
    expect(fault(bad.text).faultstring).toBe(
      "Unable to apply the requested parent_node 'no-such-node'. Requested value was invalid.",
    );
    const child = await createNode({ parent_node: 'parent-83' }, 83);
    expect(child.parent_node).toBe(parent.uuid);
    expect((await call(82, 'GET', `/v1/nodes/${String(child.uuid)}`)).json()).not.toHaveProperty(
      'parent_node',
    );
    const listed = async (minor: number, query: string) =>
      ((await call(minor, 'GET', `/v1/nodes${query}`)).json().nodes as Json[]).map((n) => n.uuid);
    expect(await listed(91, '')).not.toContain(child.uuid);
    expect(await listed(91, '?include_children=true')).toContain(child.uuid);
    expect(await listed(91, `?parent_node=${String(parent.uuid)}`)).toEqual([child.uuid]);
    expect((await call(82, 'GET', '/v1/nodes?include_children=true')).status).toBe(406);
    expect((await call(82, 'GET', `/v1/nodes?parent_node=${String(parent.uuid)}`)).status).toBe(406);
    expect((await call(82, 'GET', `/v1/nodes/${String(parent.uuid)}/children`)).status).toBe(404);
    const children = await call(83, 'GET', `/v1/nodes/parent-83/children`);
    expect(children.status).toBe(200);
    expect(children.json()).toEqual({
      children: [child.uuid],
      links: { href: `${svc.url}/v1/nodes?parent_node=${String(parent.uuid)}`, rel: 'children' },
    });
    const unlinked = await call(83, 'PATCH', `/v1/nodes/${String(child.uuid)}`, [
      { op: 'remove', path: '/parent_node' },
    ]);
    expect(unlinked.json().parent_node).toBeNull();
  });

  it('1.84: POST /v1/continue_inspection exists at 1.1 and from 1.84, not in between', async () => {
    const body = { inventory: { interfaces: [{ mac_address: '52:54:00:84:00:99' }] } };
    expect((await call(83, 'POST', '/v1/continue_inspection', body)).status).toBe(404);
    // No node owns that MAC: the endpoint answers, with Ironic's 404 for the node.
    const r = await call(84, 'POST', '/v1/continue_inspection', body);
    expect(r.status).toBe(404);
    expect(fault(r.text).faultstring).toMatch(/Node could not be found/);
    expect(fault((await call(null, 'POST', '/v1/continue_inspection', body)).text).faultstring).toMatch(
      /Node could not be found/,
    );
  });

  it('1.85: unhold releases a held cleaning; refused with 406 at 1.84 (only when the node is held)', async () => {
    const n = await createNode({});
    const uuid = String(n.uuid);
    // Not in a hold state: an impossible transition is a 400 at any version, not a 406.
    expect((await provision(84, uuid, { target: 'unhold' })).status).toBe(400);
    expect((await provision(91, uuid, { target: 'manage' })).status).toBe(202);
    await waitFor(uuid, 'manageable');
    const clean = await provision(91, uuid, {
      target: 'clean',
      clean_steps: [{ interface: 'deploy', step: 'hold' }],
    });
    expect(clean.status, clean.text).toBe(202);
    await waitFor(uuid, 'clean hold');
    expect((await provision(84, uuid, { target: 'unhold' })).status).toBe(406);
    expect((await state(uuid)).provision_state).toBe('clean hold');
    expect((await provision(85, uuid, { target: 'unhold' })).status).toBe(202);
    await waitFor(uuid, 'manageable');
  });

  it('1.86: firmware_interface field, validate entry and GET /firmware', async () => {
    const old = await call(85, 'POST', '/v1/nodes', { driver: 'fake-hardware', firmware_interface: 'fake' });
    expect(old.status).toBe(406);
    const n = await createNode({ firmware_interface: 'fake' }, 86);
    const uuid = String(n.uuid);
    expect(n.firmware_interface).toBe('fake');
    expect((await call(85, 'GET', `/v1/nodes/${uuid}`)).json()).not.toHaveProperty('firmware_interface');
    expect((await call(85, 'GET', `/v1/nodes/${uuid}/validate`)).json()).not.toHaveProperty('firmware');
    expect((await call(86, 'GET', `/v1/nodes/${uuid}/validate`)).json()).toHaveProperty('firmware');
    const hidden = await call(85, 'GET', `/v1/nodes/${uuid}/firmware`);
    expect(hidden.status).toBe(404);
    expect(fault(hidden.text).faultstring).toBe('The API version does not allow node firmware');
    // fake firmware reads no components; the Redfish one is tested against the emulator (e2e).
    expect((await call(86, 'GET', `/v1/nodes/${uuid}/firmware`)).json()).toEqual({ firmware: [] });
    const patched = await call(86, 'PATCH', `/v1/nodes/${uuid}`, [
      { op: 'replace', path: '/firmware_interface', value: 'no-firmware' },
    ]);
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json().firmware_interface).toBe('no-firmware');
  });

  it('1.87: the service verb with service_steps, service_step shown from 1.87', async () => {
    const n = await createNode({});
    const uuid = String(n.uuid);
    for (const [target, reached] of [
      ['manage', 'manageable'],
      ['provide', 'available'],
      ['active', 'active'],
    ] as const) {
      expect((await provision(91, uuid, { target })).status).toBe(202);
      await waitFor(uuid, reached);
    }
    const steps = [{ interface: 'deploy', step: 'hold' }];
    expect((await provision(86, uuid, { target: 'service', service_steps: steps })).status).toBe(406);
    const missing = await provision(87, uuid, { target: 'service' });
    expect(missing.status).toBe(400);
    expect(fault(missing.text).faultstring).toBe(
      '"service_steps" is required when setting target provision state to service',
    );
    expect((await provision(87, uuid, { target: 'clean', service_steps: steps })).status).toBe(400);
    expect((await provision(87, uuid, { target: 'service', service_steps: steps })).status).toBe(202);
    const held = await waitFor(uuid, 'service hold');
    expect(held.service_step).toMatchObject({ interface: 'deploy', step: 'hold' });
    expect((await call(86, 'GET', `/v1/nodes/${uuid}`)).json()).not.toHaveProperty('service_step');
    expect((await provision(87, uuid, { target: 'unhold' })).status).toBe(202);
    const done = await waitFor(uuid, 'active');
    expect(done.service_step).toEqual({});
  });

  it('1.88: port names (unique, addressable by name)', async () => {
    const n = await createNode({});
    const body = { node_uuid: n.uuid, address: '52:54:00:88:00:01', name: 'port-88' };
    expect((await call(87, 'POST', '/v1/ports', body)).status).toBe(406);
    const p = await call(88, 'POST', '/v1/ports', body);
    expect(p.status, p.text).toBe(201);
    expect(p.json().name).toBe('port-88');
    expect((await call(87, 'GET', `/v1/ports/${String(p.json().uuid)}`)).json()).not.toHaveProperty('name');
    expect((await call(88, 'GET', '/v1/ports/port-88')).json().uuid).toBe(p.json().uuid);
    const dup = await call(88, 'POST', '/v1/ports', { ...body, address: '52:54:00:88:00:02' });
    expect(dup.status).toBe(409);
    expect(fault(dup.text).faultstring).toBe('A port with name port-88 already exists.');
    const renamed = await call(88, 'PATCH', '/v1/ports/port-88', [
      { op: 'replace', path: '/name', value: 'port-88b' },
    ]);
    expect(renamed.json().name).toBe('port-88b');
  });

  it('1.89/1.93: virtual media attach and detach exist from 1.89, GET from 1.93', async () => {
    const n = await createNode({});
    const uuid = String(n.uuid);
    const media = { device_type: 'cdrom', image_url: 'http://images.example/boot.iso' };
    expect((await call(88, 'POST', `/v1/nodes/${uuid}/vmedia`, media)).status).toBe(404);
    expect((await call(88, 'DELETE', `/v1/nodes/${uuid}/vmedia`)).status).toBe(404);
    const badScheme = await call(89, 'POST', `/v1/nodes/${uuid}/vmedia`, {
      ...media,
      image_url: 'ftp://x/y',
    });
    expect(badScheme.status).toBe(400);
    expect(fault(badScheme.text).faultstring).toBe('Unsupported or missing URL scheme: ftp');
    expect(
      (await call(89, 'POST', `/v1/nodes/${uuid}/vmedia`, { ...media, device_type: 'tape' })).status,
    ).toBe(400);
    expect((await call(89, 'POST', `/v1/nodes/${uuid}/vmedia`, media)).status).toBe(204);
    // fake management keeps the media in driver_internal_info (the attach ran on the conductor).
    await until(async () => {
      const node = await state(uuid);
      const info = node.driver_internal_info as Json;
      return (info.fake_vmedia as Json | undefined)?.cdrom === media.image_url;
    });
    expect((await call(91, 'GET', `/v1/nodes/${uuid}/vmedia`)).status).toBe(404);
    const badType = await call(89, 'DELETE', `/v1/nodes/${uuid}/vmedia?device_types=cdrom,tape`);
    expect(badType.status).toBe(400);
    expect(fault(badType.text).faultstring).toBe(
      'Invalid device type(s) tape (valid are disk, cdrom, floppy)',
    );
    expect((await call(89, 'DELETE', `/v1/nodes/${uuid}/vmedia?device_types=cdrom`)).status).toBe(204);
    await until(async () => {
      const info = (await state(uuid)).driver_internal_info as Json;
      return Object.keys((info.fake_vmedia as Json | undefined) ?? {}).length === 0;
    });
  });

  it('1.90: OVN VTEP keys in local_link_connection are accepted from 1.90 (in pairs)', async () => {
    const n = await createNode({});
    const llc = { port_id: 'p1', 'vtep-logical-switch': 'ls1', 'vtep-physical-switch': 'ps1' };
    const body = { node_uuid: n.uuid, address: '52:54:00:90:00:01', local_link_connection: llc };
    expect((await call(89, 'POST', '/v1/ports', body)).status).toBe(406);
    const half = { ...body, local_link_connection: { 'vtep-logical-switch': 'ls1' } };
    expect((await call(90, 'POST', '/v1/ports', half)).status).toBe(400);
    const p = await call(90, 'POST', '/v1/ports', body);
    expect(p.status, p.text).toBe(201);
    expect(p.json().local_link_connection).toEqual(llc);
  });

  it('1.91: a .json suffix is stripped before 1.91 only (legacy header), the id tried with it next', async () => {
    const plain = await createNode({ name: 'dotjson' });
    const suffixed = await createNode({ name: 'withsuffix.json' });
    const get = (minor: number, path: string) => call(minor, 'GET', path);
    expect((await get(90, '/v1/nodes/dotjson.json')).json().uuid).toBe(plain.uuid);
    expect((await get(90, '/v1/nodes/withsuffix.json')).json().uuid).toBe(suffixed.uuid);
    expect((await get(91, '/v1/nodes/dotjson.json')).status).toBe(404);
    expect((await get(91, '/v1/nodes/withsuffix.json')).json().uuid).toBe(suffixed.uuid);
    // Without the legacy header nothing is stripped (Ironic's middleware reads only that header).
    const generic = await fetch(`${svc.url}/v1/nodes/dotjson.json`, {
      headers: { 'openstack-api-version': 'baremetal 1.90' },
    });
    expect(generic.status).toBe(404);
  });

  it('advertises 1.91; x-openstack-request-id accompanies openstack-request-id', async () => {
    const r = await call(null, 'GET', '/v1');
    expect(r.json().version).toMatchObject({ version: '1.91', min_version: '1.1' });
    expect(r.headers.get('x-openstack-request-id')).toBe(r.headers.get('openstack-request-id'));
    expect((await call(92, 'GET', '/v1')).status).toBe(406);
  });
});
