/** HTTP contract of the API: versions, errors, pagination, fields, JSON Patch, masking, 409/503. */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MINOR, versionString } from '../src/versioning.js';
import { fault, startTestService, type TestService, until, V } from './helpers.js';

const MAX = versionString(MAX_MINOR);

const J = { ...V, 'content-type': 'application/json' };

describe('API contract', () => {
  let svc: TestService;
  const inject = (opts: InjectOptions) => svc.api.inject(opts);

  beforeAll(async () => {
    svc = await startTestService({
      conductor: { nodeLockedRetryAttempts: 0, workersPoolSize: 3, reservedWorkersPoolPercentage: 0 },
    });
  });
  afterAll(async () => svc?.close());

  async function createNode(body: Record<string, unknown>) {
    const r = await inject({
      method: 'POST',
      url: '/v1/nodes',
      headers: J,
      payload: { driver: 'fake-hardware', ...body },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as Record<string, unknown>;
  }

  describe('microversions', () => {
    it('serves the root and v1 documents like Ironic', async () => {
      const root = await inject({ url: '/' });
      expect(root.statusCode).toBe(200);
      const doc = root.json();
      expect(doc.default_version).toMatchObject({
        id: 'v1',
        status: 'CURRENT',
        min_version: '1.1',
        version: MAX,
      });
      expect(doc.versions).toHaveLength(1);
      const v1 = (await inject({ url: '/v1' })).json();
      expect(Object.keys(v1)).toEqual(
        expect.arrayContaining(['id', 'links', 'media_types', 'nodes', 'ports', 'drivers', 'version']),
      );
      expect(v1.conductors).toBeUndefined();
      const latest = (
        await inject({ url: '/v1/', headers: { 'x-openstack-ironic-api-version': 'latest' } })
      ).json();
      expect(latest.conductors).toBeDefined();
      expect(latest.lookup).toBeDefined();
    });

    it('defaults to 1.1 and echoes min/max/version headers', async () => {
      const r = await inject({ url: '/v1/nodes' });
      expect(r.headers['x-openstack-ironic-api-minimum-version']).toBe('1.1');
      expect(r.headers['x-openstack-ironic-api-maximum-version']).toBe(MAX);
      expect(r.headers['x-openstack-ironic-api-version']).toBe('1.1');
      expect(String(r.headers['openstack-request-id'])).toMatch(/^req-[0-9a-f-]{36}$/);
    });

    it('accepts latest and the generic OpenStack-API-Version header', async () => {
      let r = await inject({ url: '/v1/nodes', headers: { 'x-openstack-ironic-api-version': 'latest' } });
      expect(r.headers['x-openstack-ironic-api-version']).toBe(MAX);
      r = await inject({ url: '/v1/nodes', headers: { 'openstack-api-version': 'baremetal 1.50' } });
      expect(r.headers['x-openstack-ironic-api-version']).toBe('1.50');
    });

    it.each([`1.${MAX_MINOR + 1}`, '1.0', '2.1', 'abc', '1', '1.2.3', '', 'baremetal'])(
      'answers 406 with min/max for %j',
      async (v) => {
        const r = await inject({ url: '/v1/nodes', headers: { 'x-openstack-ironic-api-version': v } });
        expect(r.statusCode).toBe(406);
        expect(r.headers['x-openstack-ironic-api-minimum-version']).toBe('1.1');
        expect(r.headers['x-openstack-ironic-api-maximum-version']).toBe(MAX);
        expect(fault(r.body).faultcode).toBe('Client');
      },
    );

    it('hides fields and endpoints of newer versions', async () => {
      const n = await createNode({ name: 'versioned' });
      const old = (
        await inject({ url: `/v1/nodes/${n.uuid}`, headers: { 'x-openstack-ironic-api-version': '1.30' } })
      ).json();
      expect(old).not.toHaveProperty('conductor_group');
      expect(old).not.toHaveProperty('rescue_interface');
      expect(old).toHaveProperty('resource_class');
      const conductors = await inject({
        url: '/v1/conductors',
        headers: { 'x-openstack-ironic-api-version': '1.48' },
      });
      expect(conductors.statusCode).toBe(404);
      const fields = await inject({
        url: '/v1/nodes?fields=uuid',
        headers: { 'x-openstack-ironic-api-version': '1.7' },
      });
      expect(fields.statusCode).toBe(406);
      const verb = await inject({
        method: 'PUT',
        url: `/v1/nodes/${n.uuid}/states/provision`,
        headers: { ...J, 'x-openstack-ironic-api-version': '1.3' },
        payload: { target: 'manage' },
      });
      expect(verb.statusCode).toBe(406);
      await inject({ method: 'DELETE', url: `/v1/nodes/${n.uuid}`, headers: V });
    });
  });

  describe('errors', () => {
    it("uses Ironic's double-encoded error body for 404s, bad JSON and validation", async () => {
      for (const r of [
        await inject({ url: '/v1/nodes/does-not-exist', headers: V }),
        await inject({ url: '/v1/no/such/path', headers: V }),
        await inject({ method: 'POST', url: '/v1/nodes', headers: J, payload: '{"driver": ' }),
        await inject({ method: 'POST', url: '/v1/nodes', headers: J, payload: { driver: 5 } }),
        await inject({
          method: 'POST',
          url: '/v1/nodes',
          headers: J,
          payload: { driver: 'fake-hardware', bogus: 1 },
        }),
      ]) {
        expect([400, 404]).toContain(r.statusCode);
        const body = r.json();
        expect(Object.keys(body)).toEqual(['error_message']);
        expect(typeof body.error_message).toBe('string');
        const f = fault(r.body);
        expect(f).toEqual({ faultcode: 'Client', faultstring: expect.any(String), debuginfo: null });
      }
    });

    it('maps conductor errors (unknown driver → 400/404, duplicate name → 409)', async () => {
      const bad = await inject({
        method: 'POST',
        url: '/v1/nodes',
        headers: J,
        payload: { driver: 'no-such-driver' },
      });
      expect([400, 404]).toContain(bad.statusCode);
      await createNode({ name: 'dup' });
      const dup = await inject({
        method: 'POST',
        url: '/v1/nodes',
        headers: J,
        payload: { driver: 'fake-hardware', name: 'dup' },
      });
      expect(dup.statusCode).toBe(409);
    });

    it('refuses a duplicate MAC with 409', async () => {
      const n = await createNode({ name: 'mac-owner' });
      const p = { address: '52:54:00:de:ad:01', node_uuid: n.uuid };
      expect((await inject({ method: 'POST', url: '/v1/ports', headers: J, payload: p })).statusCode).toBe(
        201,
      );
      const again = await inject({
        method: 'POST',
        url: '/v1/ports',
        headers: J,
        payload: { ...p, address: '52-54-00-DE-AD-01' },
      });
      expect(again.statusCode).toBe(409);
      expect(fault(again.body).faultstring).toMatch(/already exists/);
    });
  });

  describe('pagination and fields', () => {
    let uuids: string[] = [];
    beforeAll(async () => {
      uuids = [];
      for (let i = 0; i < 7; i++)
        uuids.push(String((await createNode({ name: `page-${i}`, resource_class: 'paging' })).uuid));
    });

    it('pages with limit/marker and next links until exhausted', async () => {
      const seen: string[] = [];
      let url: string | undefined = '/v1/nodes?resource_class=paging&limit=3&sort_key=created_at';
      let pages = 0;
      while (url) {
        const r = await inject({ url, headers: V });
        expect(r.statusCode, r.body).toBe(200);
        const body = r.json() as { nodes: { uuid: string }[]; next?: string };
        seen.push(...body.nodes.map((n) => n.uuid));
        url = body.next ? body.next.replace(/^https?:\/\/[^/]+/, '') : undefined;
        if (url) expect(url).toContain('resource_class=paging');
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(uuids);
    });

    it('sorts descending and rejects bad sort keys, limits and markers', async () => {
      const r = (
        await inject({ url: '/v1/nodes?resource_class=paging&sort_key=created_at&sort_dir=desc', headers: V })
      ).json();
      expect(r.nodes.map((n: { uuid: string }) => n.uuid)).toEqual([...uuids].reverse());
      expect((await inject({ url: '/v1/nodes?sort_key=driver_info', headers: V })).statusCode).toBe(400);
      expect((await inject({ url: '/v1/nodes?sort_dir=up', headers: V })).statusCode).toBe(400);
      expect((await inject({ url: '/v1/nodes?limit=0', headers: V })).statusCode).toBe(400);
      expect((await inject({ url: '/v1/nodes?limit=-1', headers: V })).statusCode).toBe(400);
      expect((await inject({ url: '/v1/nodes?marker=not-a-uuid', headers: V })).statusCode).toBe(400);
    });

    it('selects fields, defaults and detail', async () => {
      const list = (await inject({ url: '/v1/nodes?resource_class=paging&limit=1', headers: V })).json();
      expect(Object.keys(list.nodes[0]).sort()).toEqual([
        'instance_uuid',
        'links',
        'maintenance',
        'name',
        'power_state',
        'provision_state',
        'uuid',
      ]);
      const some = (
        await inject({ url: '/v1/nodes?resource_class=paging&limit=1&fields=uuid,driver', headers: V })
      ).json();
      expect(Object.keys(some.nodes[0]).sort()).toEqual(['driver', 'uuid']);
      const detail = (
        await inject({ url: '/v1/nodes?resource_class=paging&limit=1&detail=True', headers: V })
      ).json();
      expect(detail.nodes[0]).toHaveProperty('driver_info');
      const one = (
        await inject({ url: `/v1/nodes/${uuids[0]}?fields=name,provision_state`, headers: V })
      ).json();
      expect(one).toEqual({ name: 'page-0', provision_state: 'enroll' });
      expect((await inject({ url: '/v1/nodes?fields=nope', headers: V })).statusCode).toBe(400);
      expect((await inject({ url: '/v1/nodes?fields=uuid&detail=true', headers: V })).statusCode).toBe(400);
    });
  });

  describe('JSON Patch', () => {
    let uuid: string;
    beforeAll(async () => {
      uuid = String(
        (await createNode({ name: 'patchme', driver_info: { fake_bmc_password: 'pw-patch-1' } })).uuid,
      );
    });
    const patch = (ops: unknown) =>
      inject({ method: 'PATCH', url: `/v1/nodes/${uuid}`, headers: J, payload: JSON.stringify(ops) });

    it('applies add/replace/remove on nested paths', async () => {
      let r = await patch([
        { op: 'add', path: '/extra/a', value: 1 },
        { op: 'replace', path: '/description', value: 'hello' },
        { op: 'add', path: '/properties/cpus', value: 8 },
      ]);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ extra: { a: 1 }, description: 'hello', properties: { cpus: 8 } });
      r = await patch([
        { op: 'remove', path: '/extra/a' },
        { op: 'remove', path: '/description' },
      ]);
      expect(r.json()).toMatchObject({ extra: {}, description: null });
    });

    it.each([
      [
        [{ op: 'replace', path: '/uuid', value: '00000000-0000-0000-0000-000000000000' }],
        /Cannot patch \/uuid/,
      ],
      [[{ op: 'replace', path: '/provision_state', value: 'active' }], /Cannot patch/],
      [[{ op: 'add', path: '/driver_internal_info/x', value: 1 }], /Cannot patch/],
      [[{ op: 'add', path: '/brand_new', value: 1 }], /Adding a new attribute/],
      [[{ op: 'remove', path: '/driver' }], /mandatory/],
      [[{ op: 'remove', path: '/extra/missing' }], /does not exist/],
      [[{ op: 'move', from: '/extra', path: '/properties' }], /Invalid input/],
      [[{ op: 'replace', path: '/name' }], /mandatory attribute for the 'replace'/],
      [[{ op: 'replace', path: '/maintenance', value: 'sometimes' }], /Invalid node/],
      [[{ op: 'replace', path: '/name', value: 'bad name with spaces' }], /Invalid node/],
      [[], /Invalid input/],
      [{ op: 'add' }, /Invalid input/],
    ])('refuses %j', async (ops, message) => {
      const before = (await inject({ url: `/v1/nodes/${uuid}`, headers: V })).body;
      const r = await patch(ops);
      expect(r.statusCode, r.body).toBe(400);
      expect(fault(r.body).faultstring).toMatch(message);
      expect((await inject({ url: `/v1/nodes/${uuid}`, headers: V })).body).toBe(before);
    });

    it('leaves a secret alone when the masked value is written back', async () => {
      const r = await patch([{ op: 'replace', path: '/driver_info/fake_bmc_password', value: '******' }]);
      expect(r.statusCode).toBe(200);
      const node = await svc.conductor.inventory.getNode(uuid);
      expect(node.driverInfo.fake_bmc_password).toBe('pw-patch-1');
    });
  });

  describe('secrets', () => {
    it('masks driver_info, instance_info and driver_internal_info in every response and log line', async () => {
      const n = await createNode({
        name: 'secretive',
        driver_info: {
          ipmi_password: 'pw-ipmi-XYZ',
          redfish_password: 'pw-redfish-XYZ',
          snmp_auth_key: 'pw-snmp-XYZ',
          ipmi_address: '10.0.0.1',
        },
        instance_info: {
          image_source: 'http://x/img',
          configdrive: 'pw-configdrive-XYZ',
          image_url: 'http://u:pw-url-XYZ@x/',
        },
      });
      expect(n.driver_info).toEqual({
        ipmi_password: '******',
        redfish_password: '******',
        snmp_auth_key: '******',
        ipmi_address: '10.0.0.1',
      });
      const bodies = [
        JSON.stringify(n),
        (await inject({ url: `/v1/nodes/${n.uuid}`, headers: V })).body,
        (await inject({ url: '/v1/nodes/detail', headers: V })).body,
        (await inject({ url: '/v1/nodes?fields=driver_info,instance_info', headers: V })).body,
        (
          await inject({
            method: 'PATCH',
            url: `/v1/nodes/${n.uuid}`,
            headers: J,
            payload: [{ op: 'add', path: '/driver_info/ipmi_username', value: 'admin' }],
          })
        ).body,
        (
          await inject({
            method: 'PATCH',
            url: `/v1/nodes/${n.uuid}`,
            headers: J,
            payload: [{ op: 'add', path: '/driver_info/ipmi_password', value: 'pw-new-XYZ' }],
          })
        ).body,
      ];
      for (const b of bodies) expect(b).not.toMatch(/pw-[a-z]+-XYZ/);
      expect(svc.logs.join('\n')).not.toMatch(/pw-[a-z]+-XYZ/);
      expect((await svc.conductor.inventory.getNode(String(n.uuid))).driverInfo.ipmi_password).toBe(
        'pw-new-XYZ',
      );
    });
  });

  describe('concurrency', () => {
    it('answers 409 NodeLocked while a long action holds the lock', async () => {
      const n = await createNode({ name: 'slow', driver_info: { fake_latency_ms: 1500 } });
      const on = await inject({
        method: 'PUT',
        url: `/v1/nodes/${n.uuid}/states/power`,
        headers: J,
        payload: { target: 'power on' },
      });
      expect(on.statusCode).toBe(202);
      const r = await inject({
        method: 'PATCH',
        url: `/v1/nodes/${n.uuid}`,
        headers: J,
        payload: [{ op: 'add', path: '/extra/x', value: 1 }],
      });
      expect(r.statusCode, r.body).toBe(409);
      expect(fault(r.body).faultstring).toMatch(/locked/i);
      await until(async () => (await svc.conductor.inventory.getNode(String(n.uuid))).reservation === null);
    });

    it('answers 503 when the worker pool is full', async () => {
      const slow: string[] = [];
      for (let i = 0; i < 4; i++)
        slow.push(
          String((await createNode({ name: `busy-${i}`, driver_info: { fake_latency_ms: 2000 } })).uuid),
        );
      const codes: number[] = [];
      for (const uuid of slow) {
        const r = await inject({
          method: 'PUT',
          url: `/v1/nodes/${uuid}/states/power`,
          headers: J,
          payload: { target: 'power on' },
        });
        codes.push(r.statusCode);
        if (r.statusCode === 503) {
          expect(fault(r.body)).toMatchObject({
            faultcode: 'Server',
            faultstring: expect.stringMatching(/free conductor workers/),
          });
        }
      }
      expect(codes).toContain(503);
      for (const uuid of slow)
        await until(async () => (await svc.conductor.inventory.getNode(uuid)).reservation === null, 20_000);
    });
  });

  describe('OpenAPI and events', () => {
    it('publishes the validation schemas as OpenAPI', async () => {
      const doc = (await inject({ url: '/v1/openapi.json', headers: V })).json();
      expect(doc.openapi).toBe('3.1.0');
      const post = doc.paths['/v1/nodes'].post;
      expect(post.requestBody.content['application/json'].schema.required).toEqual(['driver']);
      expect(doc.paths['/v1/nodes/{node_ident}/states/provision'].put).toBeDefined();
    });

    it('streams node events over SSE', async () => {
      await svc.api.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
      const res = await fetch(`${svc.url}/v1/events?type=node.created,node.provisionStateChanged`, {
        headers: { 'x-openstack-ironic-api-version': '1.78' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      const n = await createNode({ name: 'evented' });
      let text = '';
      while (!text.includes(String(n.uuid))) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      await reader.cancel();
      expect(text).toMatch(/event: node\.created\ndata: \{.*"evented"/);
      const bad = await inject({ url: '/v1/events?type=nope', headers: V });
      expect(bad.statusCode).toBe(400);
    });
  });
});
