/**
 * Node views read only what they show: a listing selects the record keys of its fields, and every
 * field must come out exactly (value and key order) as in the full view. Also the timestamp form.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoTime, resourceLinks } from '../src/util.js';
import { NODE_DEFAULT_FIELDS, nodeFieldsAt } from '../src/views/node.js';
import { startTestService, type TestService, V } from './helpers.js';

const J = { ...V, 'content-type': 'application/json' };

/** `fields` of `node` in the node's own key order (what the API must answer for `fields=`). */
function project(node: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const want = new Set(fields);
  return Object.fromEntries(Object.entries(node).filter(([k]) => want.has(k)));
}

describe('isoTime', () => {
  const reference = (d: Date) => d.toISOString().replace('Z', '+00:00');

  it('prints what toISOString prints, with +00:00', () => {
    const edges = [
      0,
      1,
      86_399_999,
      951_782_400_000, // 2000-02-29
      4_107_542_400_000, // 2100-03-01
      253_402_300_799_999, // 9999-12-31T23:59:59.999
      253_402_300_800_000, // year 10000: toISOString's +010000 form
      -1,
      -62_198_755_200_000, // year 0
    ];
    for (const t of edges) expect(isoTime(new Date(t)), String(t)).toBe(reference(new Date(t)));
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i++) {
      const d = new Date(Math.floor(random() * 253_402_300_800_000));
      expect(isoTime(d)).toBe(reference(d));
    }
  });

  it('is null for no date and invalid dates', () => {
    expect(isoTime(null)).toBeNull();
    expect(isoTime(undefined)).toBeNull();
    expect(isoTime(new Date(Number.NaN))).toBeNull();
  });
});

describe('node listings read only the fields they show', () => {
  let svc: TestService;
  const inject = (opts: InjectOptions) => svc.api.inject(opts);
  const uuids: string[] = [];

  beforeAll(async () => {
    svc = await startTestService();
    const bodies = [
      {
        name: 'view-rich',
        driver_info: { ipmi_address: '192.0.2.1', ipmi_password: 'hunter2', nested: { token: 't' } },
        instance_info: { image_source: 'http://img', configdrive: 'cd', image_url: 'http://u:p@x' },
        properties: { cpus: 4, memory_mb: 1024, capabilities: 'boot_mode:uefi' },
        extra: { a: { b: [1, 2.5, 'x', null, true] }, 'quote"key': 'line\nbreak' },
        description: 'a "described" node',
        owner: 'project-o',
        lessee: 'project-l',
        resource_class: 'view',
        network_data: { links: [] },
        automated_clean: false,
      },
      { name: 'view-plain' },
      {},
    ];
    for (const body of bodies) {
      const r = await inject({
        method: 'POST',
        url: '/v1/nodes',
        headers: J,
        payload: { driver: 'fake-hardware', ...body },
      });
      expect(r.statusCode, r.body).toBe(201);
      uuids.push((r.json() as { uuid: string }).uuid);
    }
    const traits = await inject({
      method: 'PUT',
      url: `/v1/nodes/${uuids[0]}/traits/CUSTOM_GPU`,
      headers: J,
    });
    expect(traits.statusCode, traits.body).toBe(204);
    const maintenance = await inject({
      method: 'PUT',
      url: `/v1/nodes/${uuids[1]}/maintenance`,
      headers: J,
      payload: { reason: 'because' },
    });
    expect(maintenance.statusCode, maintenance.body).toBe(202);
  });
  afterAll(async () => svc?.close());

  async function list(query: string): Promise<Record<string, unknown>[]> {
    const r = await inject({ url: `/v1/nodes?${query}`, headers: V });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { nodes: Record<string, unknown>[] }).nodes;
  }

  it('answers every single field as the detailed list shows it', async () => {
    const detail = await list('detail=True');
    expect(detail.map((n) => n.uuid)).toEqual(uuids);
    expect(JSON.stringify(detail[0])).toContain('"ipmi_password":"******"');
    for (const field of nodeFieldsAt(78)) {
      const listed = await list(`fields=${field}`);
      expect(JSON.stringify(listed), field).toBe(JSON.stringify(detail.map((n) => project(n, [field]))));
    }
  });

  it('links each node and its sub-resources as resourceLinks does', async () => {
    const node = (await list('detail=True&limit=1'))[0] ?? {};
    const uuid = String(node.uuid);
    const self = String((node.links as { href: string }[] | undefined)?.[0]?.href);
    const base = self.slice(0, self.indexOf('/v1/'));
    expect(base).toMatch(/^http:\/\/localhost(:\d+)?$/);
    expect(node.links).toEqual(resourceLinks(base, `nodes/${uuid}`));
    for (const sub of ['ports', 'states', 'portgroups', 'volume'])
      expect(node[sub], sub).toEqual(resourceLinks(base, `nodes/${uuid}/${sub}`));
    const viaPublic = await inject({ url: `/v1/nodes/${uuid}?fields=links`, headers: V });
    expect(viaPublic.json()).toEqual({ links: resourceLinks(base, `nodes/${uuid}`) });
  });

  it('answers selections and the default list in the dictionary order', async () => {
    const detail = await list('detail=True');
    const selections = [
      ['uuid', 'provision_state', 'target_provision_state', 'last_error'],
      ['links', 'driver_info', 'conductor', 'name', 'instance_info', 'created_at'],
      ['traits', 'extra', 'maintenance_reason', 'ports', 'driver_internal_info', 'uuid'],
      [...nodeFieldsAt(78)].reverse(),
    ];
    for (const fields of selections) {
      const listed = await list(`fields=${fields.join(',')}`);
      expect(JSON.stringify(listed)).toBe(JSON.stringify(detail.map((n) => project(n, fields))));
      const shown = await inject({ url: `/v1/nodes/${uuids[0]}?fields=${fields.join(',')}`, headers: V });
      expect(shown.body).toBe(JSON.stringify(project(detail[0] as Record<string, unknown>, fields)));
    }
    expect(JSON.stringify(await list(''))).toBe(
      JSON.stringify(detail.map((n) => project(n, NODE_DEFAULT_FIELDS))),
    );
    // The full view and a node's own document agree too.
    const one = await inject({ url: `/v1/nodes/${uuids[0]}`, headers: V });
    expect(one.body).toBe(JSON.stringify(detail[0]));
  });

  it('pages by other sort keys with a narrow selection', async () => {
    const seen: string[] = [];
    let query = 'resource_class=view&sort_key=provision_state&sort_dir=desc&limit=1&fields=name';
    for (;;) {
      const r = await inject({ url: `/v1/nodes?${query}`, headers: V });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json() as { nodes: { name: string }[]; next?: string };
      seen.push(...body.nodes.map((n) => n.name));
      expect(body.nodes.every((n) => Object.keys(n).join() === 'name')).toBe(true);
      if (!body.next) break;
      query = new URL(body.next).search.slice(1);
    }
    expect(seen).toEqual(['view-rich']);
  });
});
