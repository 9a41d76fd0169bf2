/**
 * Fuzz-style robustness: well over 1,000 malformed requests (bad JSON, wrong types, bad patches,
 * unknown fields, huge bodies, bad UUIDs, bad headers) must all get a 4xx with Ironic's error body,
 * never a 5xx, and must leave the database exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MINOR } from '../src/versioning.js';
import { fault, startTestService, type TestService, V } from './helpers.js';

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: string;
  headers?: Record<string, string>;
}

const WRONG_VALUES: unknown[] = [
  5,
  -1,
  1.5,
  true,
  false,
  [],
  [1, 2],
  {},
  { a: 1 },
  'x'.repeat(5000),
  '',
  null,
  '🙂',
  '\u0000',
];
const NODE_FIELDS = [
  'name',
  'driver',
  'driver_info',
  'properties',
  'instance_info',
  'extra',
  'resource_class',
  'conductor_group',
  'automated_clean',
  'owner',
  'description',
  'uuid',
  'boot_interface',
  'instance_uuid',
  'maintenance',
  'chassis_uuid',
  'protected',
];
/** Values of the wrong JSON type for a node field (never valid, whatever the field). */
function wrongFor(field: string): unknown[] {
  const objects = ['driver_info', 'properties', 'instance_info', 'extra'];
  const bools = ['automated_clean', 'maintenance', 'protected'];
  if (objects.includes(field)) return ['str', 5, true, [1], null];
  if (bools.includes(field)) return ['sometimes', 5, [], {}, field === 'protected' ? true : 'maybe'];
  if (field === 'chassis_uuid' || field === 'instance_uuid' || field === 'uuid')
    return ['not-a-uuid', 5, true, [], {}];
  return [5, -1, 1.5, true, false, [], [1, 2], {}, { a: 1 }, 'x'.repeat(5000)];
}

const BAD_JSON = [
  '{',
  '{"driver":',
  '[1,2',
  '{"a":1}}',
  'nul',
  'tru',
  '"\\u12"',
  "{'driver': 1}",
  '{"driver": "fake-hardware",}',
  '\u0000\u0001',
  '{"__proto__": {"x": 1}, "driver": "fake-hardware"}',
  '{"constructor": {}, "driver": "fake-hardware"}',
];

describe('fuzz: malformed requests', { timeout: 240_000 }, () => {
  let svc: TestService;
  let nodeUuid: string;
  let portUuid: string;

  async function snapshot(): Promise<string> {
    const nodes = await svc.conductor.inventory.listNodes({}, { limit: 1000 });
    const ports = await svc.conductor.inventory.listPorts({}, { limit: 1000 });
    return JSON.stringify({ nodes: nodes.items, ports: ports.items });
  }

  beforeAll(async () => {
    svc = await startTestService({ logLevel: 'warn' });
    const J = { ...V, 'content-type': 'application/json' };
    const n = await svc.api.inject({
      method: 'POST',
      url: '/v1/nodes',
      headers: J,
      payload: { driver: 'fake-hardware', name: 'target', driver_info: { fake_bmc_password: 'fuzz-secret' } },
    });
    nodeUuid = n.json().uuid;
    const p = await svc.api.inject({
      method: 'POST',
      url: '/v1/ports',
      headers: J,
      payload: { address: '52:54:00:0f:0f:0f', node_uuid: nodeUuid },
    });
    portUuid = p.json().uuid;
  });
  afterAll(async () => svc?.close());

  function generate(): Req[] {
    const r = rng(20261121);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const reqs: Req[] = [];
    const json = (method: Req['method'], url: string, body: unknown): Req => ({
      method,
      url,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

    // 1. Bad JSON everywhere a body is accepted.
    const bodyRoutes: [Req['method'], string][] = [
      ['POST', '/v1/nodes'],
      ['PATCH', `/v1/nodes/${nodeUuid}`],
      ['PUT', `/v1/nodes/${nodeUuid}/states/provision`],
      ['PUT', `/v1/nodes/${nodeUuid}/states/power`],
      ['PUT', `/v1/nodes/${nodeUuid}/management/boot_device`],
      ['PUT', `/v1/nodes/${nodeUuid}/maintenance`],
      ['POST', '/v1/ports'],
      ['PATCH', `/v1/ports/${portUuid}`],
      ['POST', `/v1/heartbeat/${nodeUuid}`],
      ['PUT', `/v1/nodes/${nodeUuid}/traits`],
      ['PUT', `/v1/nodes/${nodeUuid}/states/console`],
      ['PUT', `/v1/nodes/${nodeUuid}/states/raid`],
      ['PUT', `/v1/nodes/${nodeUuid}/states/boot_mode`],
      ['PUT', `/v1/nodes/${nodeUuid}/states/secure_boot`],
      ['POST', `/v1/nodes/${nodeUuid}/vifs`],
      ['POST', '/v1/chassis'],
      ['POST', '/v1/portgroups'],
      ['POST', '/v1/deploy_templates'],
      ['POST', '/v1/allocations'],
      ['POST', '/v1/volume/connectors'],
      ['POST', '/v1/volume/targets'],
      ['POST', '/v1/events'],
      ['PUT', `/v1/nodes/${nodeUuid}/management/indicators/led@system`],
    ];
    for (const [m, u] of bodyRoutes) for (const b of BAD_JSON) reqs.push(json(m, u, b));
    // Wrong top-level types.
    for (const [m, u] of bodyRoutes) for (const v of [1, 'str', true, [1], [[]]]) reqs.push(json(m, u, v));

    // 2. Node create with one wrong-typed field, or no driver, or unknown fields.
    for (let i = 0; i < 250; i++) {
      const body: Record<string, unknown> = { driver: 'fake-hardware' };
      const kind = i % 3;
      if (kind === 0) {
        const field = pick(NODE_FIELDS);
        body[field] = pick(wrongFor(field));
      }
      if (kind === 1) body[`unknown_${Math.floor(r() * 1e6)}`] = pick(WRONG_VALUES);
      if (kind === 2) {
        delete body.driver;
        body.name = `n${i}`;
      }
      reqs.push(json('POST', '/v1/nodes', body));
    }

    // 3. Bad JSON Patches.
    const badPatches: unknown[] = [
      [],
      {},
      [{}],
      [{ op: 'add' }],
      [{ path: '/extra/x', value: 1 }],
      [{ op: 'copy', from: '/extra', path: '/properties' }],
      [{ op: 'test', path: '/name', value: 'x' }],
      [{ op: 'add', path: 'extra/x', value: 1 }],
      [{ op: 'add', path: '/', value: 1 }],
      [{ op: 'add', path: '//', value: 1 }],
      [{ op: 'remove', path: '/driver' }],
      [{ op: 'remove', path: '/extra/nope/deeper' }],
      [{ op: 'replace', path: '/extra/missing', value: 1 }],
      [{ op: 'add', path: '/properties/a/b/c', value: 1 }],
      [{ op: 'add', path: '/extra/x', value: 1, extra: 'field' }],
      [{ op: 'replace', path: '/driver', value: 'no-such-driver' }],
      [{ op: 'replace', path: '/driver_info', value: 'not-an-object' }],
      [{ op: 'replace', path: '/extra', value: [1, 2] }],
      [{ op: 'replace', path: '/maintenance', value: 'sometimes' }],
      [{ op: 'replace', path: '/name', value: 'has space' }],
      [{ op: 'replace', path: '/instance_uuid', value: 'not-a-uuid' }],
      [{ op: 'replace', path: '/automated_clean', value: 'sometimes' }],
      [{ op: 'replace', path: '/retired', value: 'sometimes' }],
      [{ op: 'replace', path: '/network_data', value: 'not-an-object' }],
      [{ op: 'replace', path: '/protected', value: true }],
      [{ op: 'add', path: '/protected_reason', value: 'no flag' }],
      [{ op: 'add', path: '/retired_reason', value: 'no flag' }],
      [{ op: 'replace', path: '/traits', value: ['CUSTOM_X'] }],
      [{ op: 'replace', path: '/console_enabled', value: true }],
      [{ op: 'replace', path: '/lessee', value: 5 }],
      [
        { op: 'add', path: '/extra/ok', value: 1 },
        { op: 'replace', path: '/uuid', value: 'x' },
      ],
      [{ op: 'replace', path: '/boot_interface', value: 'no-such-boot' }],
      [{ op: 'replace', path: '/conductor_group', value: 'bad group!' }],
      Array.from({ length: 1001 }, () => ({ op: 'add', path: '/extra/x', value: 1 })),
    ];
    const readOnly = [
      'uuid',
      'created_at',
      'updated_at',
      'provision_state',
      'target_provision_state',
      'power_state',
      'target_power_state',
      'reservation',
      'driver_internal_info',
      'last_error',
      'conductor',
      'links',
      'ports',
      'states',
      'fault',
      'clean_step',
      'deploy_step',
      'maintenance_reason',
      'inspection_started_at',
      'nonexistent',
      'firmware_interface',
    ];
    for (const f of readOnly)
      for (const op of ['add', 'replace', 'remove'])
        badPatches.push([{ op, path: `/${f}`, ...(op === 'remove' ? {} : { value: pick(WRONG_VALUES) }) }]);
    for (let i = 0; i < 4; i++)
      for (const p of badPatches) reqs.push(json('PATCH', `/v1/nodes/${i % 2 ? 'target' : nodeUuid}`, p));
    for (const p of [
      [{ op: 'replace', path: '/address', value: 'zz:zz' }],
      [{ op: 'remove', path: '/address' }],
      [{ op: 'remove', path: '/node_uuid' }],
      [{ op: 'replace', path: '/node_uuid', value: '00000000-0000-0000-0000-000000000000' }],
      [{ op: 'replace', path: '/uuid', value: 'x' }],
      [{ op: 'replace', path: '/pxe_enabled', value: 'maybe' }],
      [{ op: 'add', path: '/new', value: 1 }],
      [{ op: 'replace', path: '/is_smartnic', value: true }],
    ])
      for (let i = 0; i < 5; i++) reqs.push(json('PATCH', `/v1/ports/${portUuid}`, p));

    // 4. Bad state changes.
    const badTargets = [
      '',
      'ACTIVE',
      'activate',
      'power on',
      'delete',
      'enroll',
      'available',
      'manageable',
      'x'.repeat(300),
      5,
      null,
      true,
    ];
    for (const t of badTargets) {
      if (t !== 'manageable' && t !== 'available')
        reqs.push(json('PUT', `/v1/nodes/${nodeUuid}/states/provision`, { target: t }));
      if (t !== 'power on') reqs.push(json('PUT', `/v1/nodes/${nodeUuid}/states/power`, { target: t }));
    }
    for (const body of [
      {},
      { target: 'clean' },
      { target: 'clean', clean_steps: [] },
      { target: 'clean', clean_steps: [{ interface: 'nope', step: 'x' }] },
      { target: 'clean', clean_steps: 'erase' },
      { target: 'manage', clean_steps: [{ interface: 'deploy', step: 'erase_devices' }] },
      { target: 'rescue' },
      { target: 'rescue', rescue_password: '' },
      { target: 'manage', rescue_password: 'x' },
      { target: 'manage', configdrive: 'abc' },
      { target: 'active', configdrive: 5 },
      { target: 'active', deploy_steps: [{}] },
      { target: 'manage', unknown: 1 },
      { target: 'manage', disable_ramdisk: true },
    ])
      for (let i = 0; i < 3; i++) reqs.push(json('PUT', `/v1/nodes/${nodeUuid}/states/provision`, body));
    for (const body of [
      { target: 'power on', timeout: 0 },
      { target: 'power on', timeout: -5 },
      { target: 'power on', timeout: 'soon' },
      { target: 'power on', extra: 1 },
      {},
    ]) {
      reqs.push(json('PUT', `/v1/nodes/${nodeUuid}/states/power`, body));
    }
    for (const body of [
      {},
      { boot_device: 'usb' },
      { boot_device: 5 },
      { boot_device: 'pxe', persistent: 'sometimes' },
      { boot_device: 'pxe', x: 1 },
    ]) {
      reqs.push(json('PUT', `/v1/nodes/${nodeUuid}/management/boot_device`, body));
    }
    for (const body of [{ reason: 5 }, { reason: [] }, { why: 'x' }, [1]])
      reqs.push(json('PUT', `/v1/nodes/${nodeUuid}/maintenance`, body));

    // 5. Ports.
    for (const body of [
      {},
      { address: '52:54:00:0f:0f:0f' },
      { node_uuid: nodeUuid },
      { address: 'not-a-mac', node_uuid: nodeUuid },
      { address: '52:54:00:0f:0f:0f', node_uuid: nodeUuid },
      { address: '52:54:00:0f:0f:10', node_uuid: '00000000-0000-0000-0000-000000000000' },
      { address: '52:54:00:0f:0f:11', node_uuid: nodeUuid, pxe_enabled: 'sometimes' },
      { address: '52:54:00:0f:0f:12', node_uuid: nodeUuid, whatever: 1 },
      { address: 5, node_uuid: nodeUuid },
      { address: '52:54:00:0f:0f:13', node_uuid: nodeUuid, local_link_connection: 'sw1' },
    ])
      for (let i = 0; i < 3; i++) reqs.push(json('POST', '/v1/ports', body));

    // 6. Bad identifiers and URLs.
    const idents = [
      '00000000-0000-0000-0000-000000000000',
      'no-such-node',
      '%00',
      '%ZZ',
      '..%2F..%2Fetc%2Fpasswd',
      'x'.repeat(300),
      '%F0%9F%99%82',
      "'; DROP TABLE nodes;--",
      '%20',
      'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
    ];
    const subs = [
      '',
      '/states',
      '/validate',
      '/management/boot_device',
      '/management/boot_device/supported',
      '/ports',
      '/traits',
      '/vendor_passthru/methods',
      '/history',
      '/history/detail',
      '/history/not-a-uuid',
      '/portgroups',
      '/allocation',
      '/vifs',
      '/bios',
      '/bios/x',
      '/states/console',
      '/management/indicators',
      '/nope',
    ];
    for (const id of idents) {
      for (const s of subs) reqs.push({ method: 'GET', url: `/v1/nodes/${id}${s}` });
      reqs.push({ method: 'DELETE', url: `/v1/nodes/${id}` });
      reqs.push({ method: 'DELETE', url: `/v1/ports/${id}` });
      reqs.push({ method: 'GET', url: `/v1/ports/${id}` });
      reqs.push({ method: 'GET', url: `/v1/drivers/${id}` });
      reqs.push({ method: 'GET', url: `/v1/drivers/${id}/properties` });
      reqs.push({ method: 'GET', url: `/v1/conductors/${id}` });
      reqs.push(json('PUT', `/v1/nodes/${id}/states/power`, { target: 'power on' }));
      reqs.push(json('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' }));
      reqs.push(json('PATCH', `/v1/nodes/${id}`, [{ op: 'add', path: '/extra/x', value: 1 }]));
      reqs.push(json('POST', `/v1/heartbeat/${id}`, { callback_url: 'http://x' }));
    }
    reqs.push(
      json('POST', `/v1/heartbeat/${nodeUuid}`, {
        callback_url: 'http://10.0.0.1:9999',
        agent_token: 'forged',
      }),
    );
    reqs.push(json('POST', `/v1/heartbeat/${nodeUuid}`, { callback_url: 'ftp://x' }));
    reqs.push({ method: 'GET', url: `/v1/nodes/${nodeUuid}/vendor_passthru` });
    reqs.push({ method: 'POST', url: `/v1/nodes/${nodeUuid}/vendor_passthru?method=nope`, payload: '{}' });
    reqs.push({
      method: 'POST',
      url: `/v1/drivers/fake-hardware/vendor_passthru?method=nope`,
      payload: '[1]',
    });

    // 7. Bad query strings.
    const badQueries = [
      'limit=abc',
      'limit=0',
      'limit=-3',
      'limit=1.5',
      'marker=abc',
      'marker=00000000-0000-0000-0000-000000000000',
      'sort_key=driver_info',
      'sort_key=nope',
      'sort_dir=sideways',
      'fields=',
      'fields=,,',
      'fields=password',
      'detail=maybe',
      'maintenance=perhaps',
      'associated=2',
      'provision_state=flying',
      'unknown=1',
      'fields=uuid&detail=true',
      'limit=1&limit=2&limit=x',
      'instance_uuid=xyz',
      'address=nope',
    ];
    for (const q of badQueries)
      for (const path of [
        '/v1/nodes',
        '/v1/nodes/detail',
        '/v1/ports',
        '/v1/ports/detail',
        '/v1/drivers',
        '/v1/conductors',
      ])
        reqs.push({ method: 'GET', url: `${path}?${q}` });
    for (const q of ['type=x', 'node=00000000-0000-0000-0000-000000000000', 'extra=1'])
      reqs.push({ method: 'GET', url: `/v1/events?${q}` });
    for (const q of [
      '',
      'addresses=',
      'addresses=zz',
      'node_uuid=bad',
      'addresses=52:54:00:0f:0f:0f',
      'other=1',
    ])
      reqs.push({ method: 'GET', url: `/v1/lookup?${q}` });

    // 8. Bad version headers and content types.
    for (const v of [
      `1.${MAX_MINOR + 1}`,
      '1.0',
      '0.9',
      '2.0',
      'latest2',
      '1.x',
      ' ',
      '1.78.1',
      '11111111111',
      'baremetal 1.5',
    ]) {
      reqs.push({ method: 'GET', url: '/v1/nodes', headers: { 'x-openstack-ironic-api-version': v } });
      reqs.push({
        ...json('POST', '/v1/nodes', { driver: 'fake-hardware' }),
        headers: { 'x-openstack-ironic-api-version': v },
      });
    }
    for (const v of ['compute 1.5, baremetal 1.0', 'baremetal', 'baremetal 9.9', 'baremetal latest latest']) {
      reqs.push({
        ...json('POST', '/v1/nodes', { driver: 'fake-hardware' }),
        headers: { 'openstack-api-version': v },
      });
    }
    for (const ct of [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      reqs.push({
        method: 'POST',
        url: '/v1/nodes',
        payload: 'driver=fake-hardware',
        headers: { 'content-type': ct },
      });
    }
    // Features of newer versions requested at old ones.
    for (const [v, body] of [
      ['1.20', { driver: 'fake-hardware', resource_class: 'x' }],
      ['1.30', { driver: 'fake-hardware', boot_interface: 'fake' }],
      ['1.45', { driver: 'fake-hardware', conductor_group: 'g' }],
      ['1.4', { driver: 'fake-hardware', name: 'old' }],
    ] as const) {
      reqs.push({ ...json('POST', '/v1/nodes', body), headers: { 'x-openstack-ironic-api-version': v } });
    }

    // 9. Huge and deeply nested bodies.
    reqs.push(
      json('POST', '/v1/nodes', { driver: 'fake-hardware', extra: { blob: 'x'.repeat(9 * 1024 * 1024) } }),
    );
    reqs.push(
      json(
        'PATCH',
        `/v1/nodes/${nodeUuid}`,
        `[${'{"op":"add","path":"/extra/x","value":1},'.repeat(250_000)}{}]`,
      ),
    );
    reqs.push(json('POST', '/v1/nodes', `${'['.repeat(200_000)}${']'.repeat(200_000)}`));
    reqs.push(
      json(
        'POST',
        '/v1/nodes',
        `{"driver":"fake-hardware","extra":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}, "bogus": 1}`,
      ),
    );
    reqs.push(json('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'n'.repeat(300) }));
    reqs.push(json('POST', '/v1/nodes', { driver: 'd'.repeat(10_000) }));

    // 10. Wrong methods.
    for (const [m, u] of [
      ['POST', `/v1/nodes/${nodeUuid}`],
      ['PUT', '/v1/nodes'],
      ['DELETE', '/v1/nodes'],
      ['POST', '/v1/drivers'],
      ['DELETE', '/v1/conductors'],
      ['PATCH', '/'],
      ['POST', '/v1/openapi.json'],
      ['POST', '/v1/lookup'],
      ['GET', '/v1/heartbeat/x'],
    ] as const) {
      reqs.push({ method: m, url: u, payload: '{}' });
    }
    return reqs;
  }

  it("answers every malformed request with a 4xx and Ironic's error body, and changes nothing", async () => {
    const before = await snapshot();
    const reqs = generate();
    expect(reqs.length).toBeGreaterThanOrEqual(1000);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const req of reqs) {
      const headers: Record<string, string> = {
        ...V,
        ...(req.payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...req.headers,
      };
      const res = await svc.api.inject({
        method: req.method,
        url: req.url,
        headers,
        ...(req.payload !== undefined ? { payload: req.payload } : {}),
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const summary = `${req.method} ${req.url.slice(0, 120)} ${JSON.stringify(req.headers ?? {})} ${String(req.payload ?? '').slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (res.statusCode < 400 || res.statusCode >= 500) {
        failures.push(summary);
        continue;
      }
      try {
        const f = fault(res.body);
        if (f.faultcode !== 'Client' || typeof f.faultstring !== 'string' || f.faultstring.length === 0)
          failures.push(`bad fault: ${summary}`);
      } catch {
        failures.push(`not an Ironic error body: ${summary}`);
      }
    }
    expect(failures, `${failures.length} unexpected answers:\n${failures.slice(0, 30).join('\n')}`).toEqual(
      [],
    );
    expect(await snapshot()).toBe(before);
    expect(svc.logs.join('\n')).not.toContain('fuzz-secret');
    // The server is still healthy.
    expect((await svc.api.inject({ url: `/v1/nodes/${nodeUuid}`, headers: V })).statusCode).toBe(200);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  });
});
