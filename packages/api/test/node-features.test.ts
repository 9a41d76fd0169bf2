/**
 * Contract tests of the node features behind microversions 1.12–1.78 that the conductor now stores:
 * traits, history, protected/retired/lessee/network_data, console, RAID, NMI, VIFs, BIOS,
 * indicators, reset_interfaces, boot mode, and the agent token issued by the conductor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The conductor's test-only agent-driven driver: gets nodes into `clean wait` for lookup/heartbeat.
import { agentPlugin } from '../../conductor/test/fixtures/agent-driver.js';
import { loadServeConfig } from '../src/config.js';
import { type FerricService, startService } from '../src/service.js';
import { fault, until, V } from './helpers.js';

const J = { ...V, 'content-type': 'application/json' };
const at = (minor: number) => ({
  'x-openstack-ironic-api-version': `1.${minor}`,
  'content-type': 'application/json',
});

describe('node features up to 1.78', () => {
  let svc: FerricService;
  let dataDir: string;
  const inject = (opts: InjectOptions) => svc.api.inject(opts);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferric-api-features-'));
    const config = loadServeConfig({
      env: {},
      overrides: {
        port: 0,
        dataDir,
        logLevel: 'silent',
        conductor: {
          host: `features-${process.pid}`,
          syncPowerStateInterval: 3600,
          enabledHardwareTypes: ['fake-hardware', 'agent-hardware', 'manual-management'],
          nodeLockedRetryAttempts: 3,
          nodeLockedRetryInterval: 0.05,
        },
      },
    });
    svc = await startService({ config, logger: pino({ level: 'silent' }), plugins: [agentPlugin] });
  });
  afterAll(async () => {
    await svc?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function createNode(body: Record<string, unknown> = {}, headers: Record<string, string> = J) {
    const r = await inject({
      method: 'POST',
      url: '/v1/nodes',
      headers,
      payload: { driver: 'fake-hardware', ...body },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as Record<string, unknown> & { uuid: string };
  }
  async function allocated(uuid: string) {
    return until(async () => {
      const a = (await inject({ url: `/v1/allocations/${uuid}`, headers: V })).json();
      return a.state === 'allocating' ? undefined : a;
    });
  }

  async function settled(uuid: string, state: string) {
    return until(async () => {
      const n = (await inject({ url: `/v1/nodes/${uuid}`, headers: V })).json();
      return n.provision_state === state && n.reservation === null ? n : undefined;
    });
  }
  async function provision(uuid: string, target: string, extra: Record<string, unknown> = {}) {
    const r = await inject({
      method: 'PUT',
      url: `/v1/nodes/${uuid}/states/provision`,
      headers: J,
      payload: { target, ...extra },
    });
    expect(r.statusCode, r.body).toBe(202);
  }
  const patch = (uuid: string, ops: unknown[], headers: Record<string, string> = J, query = '') =>
    inject({ method: 'PATCH', url: `/v1/nodes/${uuid}${query}`, headers, payload: ops as never });

  describe('traits (1.37)', () => {
    it('adds, replaces, lists, shows and removes traits', async () => {
      const { uuid } = await createNode({ name: 'traits-1' });
      const put = await inject({ method: 'PUT', url: `/v1/nodes/${uuid}/traits/CUSTOM_GPU`, headers: J });
      expect(put.statusCode, put.body).toBe(204);
      await inject({ method: 'PUT', url: `/v1/nodes/traits-1/traits/HW_CPU_X86_AVX2`, headers: J });
      expect((await inject({ url: `/v1/nodes/${uuid}/traits`, headers: V })).json()).toEqual({
        traits: ['CUSTOM_GPU', 'HW_CPU_X86_AVX2'],
      });
      expect((await inject({ url: `/v1/nodes/${uuid}?fields=traits`, headers: V })).json()).toEqual({
        traits: ['CUSTOM_GPU', 'HW_CPU_X86_AVX2'],
      });
      const replace = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/traits`,
        headers: J,
        payload: { traits: ['CUSTOM_B', 'CUSTOM_A'] },
      });
      expect(replace.statusCode).toBe(204);
      expect((await inject({ url: `/v1/nodes/${uuid}/traits`, headers: V })).json().traits).toEqual([
        'CUSTOM_A',
        'CUSTOM_B',
      ]);
      expect(
        (await inject({ method: 'DELETE', url: `/v1/nodes/${uuid}/traits/CUSTOM_A`, headers: V })).statusCode,
      ).toBe(204);
      const missing = await inject({
        method: 'DELETE',
        url: `/v1/nodes/${uuid}/traits/CUSTOM_A`,
        headers: V,
      });
      expect(missing.statusCode).toBe(404);
      expect(
        (await inject({ method: 'DELETE', url: `/v1/nodes/${uuid}/traits`, headers: V })).statusCode,
      ).toBe(204);
      expect((await inject({ url: `/v1/nodes/${uuid}/traits`, headers: V })).json().traits).toEqual([]);
    });

    it.each(['custom_lower', 'CUSTOM_bad-char', `CUSTOM_${'X'.repeat(260)}`, 'lower'])(
      'refuses the invalid trait %s with 400 and changes nothing',
      async (trait) => {
        const { uuid } = await createNode();
        const r = await inject({
          method: 'PUT',
          url: `/v1/nodes/${uuid}/traits/${encodeURIComponent(trait)}`,
          headers: J,
        });
        expect(r.statusCode).toBe(400);
        expect(fault(r.body).faultstring).toMatch(/Invalid trait/);
        const all = await inject({
          method: 'PUT',
          url: `/v1/nodes/${uuid}/traits`,
          headers: J,
          payload: { traits: ['CUSTOM_OK', trait] },
        });
        expect(all.statusCode).toBe(400);
        expect((await inject({ url: `/v1/nodes/${uuid}/traits`, headers: V })).json().traits).toEqual([]);
      },
    );

    it('is hidden below 1.37', async () => {
      const { uuid } = await createNode();
      // What Ironic answers there (its node resource takes over): 406 for GET.
      expect((await inject({ url: `/v1/nodes/${uuid}/traits`, headers: at(36) })).statusCode).toBe(406);
      expect((await inject({ url: `/v1/nodes/${uuid}`, headers: at(36) })).json().traits).toBeUndefined();
    });
  });

  describe('history (1.78)', () => {
    it('lists, details and shows failure events; hidden below 1.78', async () => {
      const { uuid } = await createNode({ driver_info: { fake_power_fail: true } });
      await provision(uuid, 'manage');
      await until(async () => (await inject({ url: `/v1/nodes/${uuid}`, headers: V })).json().last_error);
      const list = (await inject({ url: `/v1/nodes/${uuid}/history`, headers: V })).json();
      expect(list.history).toHaveLength(1);
      const [entry] = list.history;
      expect(Object.keys(entry).sort()).toEqual(['created_at', 'event', 'links', 'severity', 'uuid']);
      expect(entry.severity).toBe('ERROR');
      const detail = (await inject({ url: `/v1/nodes/${uuid}/history/detail`, headers: V })).json();
      expect(detail.history[0]).toMatchObject({ uuid: entry.uuid, event_type: 'verify', user: null });
      expect(detail.history[0].conductor).toBe(`features-${process.pid}`);
      const one = await inject({ url: `/v1/nodes/${uuid}/history/${entry.uuid}`, headers: V });
      expect(one.json()).toMatchObject({ uuid: entry.uuid, event: entry.event, event_type: 'verify' });
      expect(
        (await inject({ url: `/v1/nodes/${uuid}/history/00000000-0000-4000-8000-000000000000`, headers: V }))
          .statusCode,
      ).toBe(404);
      expect((await inject({ url: `/v1/nodes/${uuid}/history`, headers: at(77) })).statusCode).toBe(404);
    });
  });

  describe('protected, retired, lessee, network_data, description, automated_clean', () => {
    it('stores them, gates them by version and applies Ironic rules', async () => {
      const node = await createNode({
        lessee: 'project-l',
        owner: 'project-o',
        network_data: { links: [], networks: [], services: [] },
        description: 'rack 4',
        automated_clean: false,
        retired: true,
        retired_reason: 'old',
      });
      expect(node).toMatchObject({
        lessee: 'project-l',
        network_data: { links: [], networks: [], services: [] },
        description: 'rack 4',
        automated_clean: false,
        retired: true,
        retired_reason: 'old',
        protected: false,
        protected_reason: null,
      });
      const old = await inject({
        method: 'POST',
        url: '/v1/nodes',
        headers: at(64),
        payload: { driver: 'fake-hardware', lessee: 'x' },
      });
      expect(old.statusCode).toBe(406);
      const listed = (await inject({ url: '/v1/nodes?lessee=project-l&fields=uuid', headers: V })).json();
      expect(listed.nodes.map((n: { uuid: string }) => n.uuid)).toEqual([node.uuid]);
      const project = (await inject({ url: '/v1/nodes?project=project-o&fields=uuid', headers: V })).json();
      expect(project.nodes.map((n: { uuid: string }) => n.uuid)).toEqual([node.uuid]);
      const host = `features-${process.pid}`;
      const mine = (await inject({ url: `/v1/nodes?conductor=${host}&fields=uuid`, headers: V })).json();
      expect(mine.nodes.map((n: { uuid: string }) => n.uuid)).toContain(node.uuid);
      const none = (await inject({ url: '/v1/nodes?conductor=elsewhere', headers: V })).json();
      expect(none.nodes).toEqual([]);
      expect((await inject({ url: '/v1/nodes?conductor=x', headers: at(48) })).statusCode).toBe(406);
      const retired = (await inject({ url: '/v1/nodes?retired=true&fields=uuid', headers: V })).json();
      expect(retired.nodes.map((n: { uuid: string }) => n.uuid)).toContain(node.uuid);

      const reason = await patch(node.uuid, [{ op: 'add', path: '/protected_reason', value: 'x' }]);
      expect(reason.statusCode).toBe(400);
      expect(fault(reason.body).faultstring).toMatch(/protected_reason field can only be set/);
      const unretire = await patch(node.uuid, [{ op: 'replace', path: '/retired', value: false }]);
      expect(unretire.json()).toMatchObject({ retired: false, retired_reason: null });
      const nd = await patch(node.uuid, [
        { op: 'replace', path: '/network_data', value: { links: [{ id: 'a' }] } },
      ]);
      expect(nd.json().network_data).toEqual({ links: [{ id: 'a' }] });
      const removed = await patch(node.uuid, [{ op: 'remove', path: '/lessee' }]);
      expect(removed.json().lessee).toBeNull();
    });

    it('refuses undeploy, rebuild and delete of a protected node with 403', async () => {
      const { uuid } = await createNode();
      await provision(uuid, 'manage');
      await settled(uuid, 'manageable');
      await provision(uuid, 'provide');
      await settled(uuid, 'available');
      await provision(uuid, 'active');
      await settled(uuid, 'active');
      const p = await patch(uuid, [
        { op: 'replace', path: '/protected', value: true },
        { op: 'add', path: '/protected_reason', value: 'prod' },
      ]);
      expect(p.statusCode, p.body).toBe(200);
      expect(p.json()).toMatchObject({ protected: true, protected_reason: 'prod' });
      for (const target of ['deleted', 'rebuild']) {
        const r = await inject({
          method: 'PUT',
          url: `/v1/nodes/${uuid}/states/provision`,
          headers: J,
          payload: { target },
        });
        expect(r.statusCode).toBe(403);
        expect(fault(r.body).faultstring).toMatch(/is protected/);
      }
      await inject({ method: 'PUT', url: `/v1/nodes/${uuid}/maintenance`, headers: J, payload: {} });
      expect((await inject({ method: 'DELETE', url: `/v1/nodes/${uuid}`, headers: V })).statusCode).toBe(403);
      const off = await patch(uuid, [{ op: 'replace', path: '/protected', value: false }]);
      expect(off.json()).toMatchObject({ protected: false, protected_reason: null });
    });
  });

  describe('power state, boot mode and conductor after manage', () => {
    it('shows the power state read during verify, boot_mode/secure_boot (1.75) and conductor (1.49)', async () => {
      const { uuid } = await createNode();
      await provision(uuid, 'manage');
      const n = await settled(uuid, 'manageable');
      expect(n.power_state).toBe('power off');
      expect(n).toMatchObject({
        boot_mode: 'uefi',
        secure_boot: false,
        conductor: `features-${process.pid}`,
      });
      const states = (await inject({ url: `/v1/nodes/${uuid}/states`, headers: V })).json();
      expect(states).toMatchObject({ boot_mode: 'uefi', secure_boot: false, console_enabled: false });
      expect((await inject({ url: `/v1/nodes/${uuid}`, headers: at(74) })).json().boot_mode).toBeUndefined();
      const mode = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/boot_mode`,
        headers: J,
        payload: { target: 'bios' },
      });
      expect(mode.statusCode, mode.body).toBe(202);
      const sb = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/secure_boot`,
        headers: J,
        payload: { target: true },
      });
      expect(sb.statusCode, sb.body).toBe(202);
      expect((await inject({ url: `/v1/nodes/${uuid}/states`, headers: V })).json()).toMatchObject({
        boot_mode: 'bios',
        secure_boot: true,
      });
      const old = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/boot_mode`,
        headers: at(75),
        payload: { target: 'uefi' },
      });
      expect(old.statusCode).toBe(404);
    });
  });

  describe('console, RAID, NMI, VIFs, BIOS, indicators', () => {
    it('enables and disables the console', async () => {
      const { uuid } = await createNode();
      const on = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/console`,
        headers: J,
        payload: { enabled: true },
      });
      expect(on.statusCode).toBe(202);
      const c = (await inject({ url: `/v1/nodes/${uuid}/states/console`, headers: V })).json();
      expect(c).toEqual({
        console_enabled: true,
        console_info: { type: 'fake', url: `fake://console/${uuid}` },
      });
      expect((await inject({ url: `/v1/nodes/${uuid}`, headers: V })).json().console_enabled).toBe(true);
      await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/console`,
        headers: J,
        payload: { enabled: false },
      });
      expect((await inject({ url: `/v1/nodes/${uuid}/states/console`, headers: V })).json()).toEqual({
        console_enabled: false,
        console_info: null,
      });
      const bad = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/console`,
        headers: J,
        payload: { enabled: 'sometimes' },
      });
      expect(bad.statusCode).toBe(400);
    });

    it('sets the target RAID config (1.12) when the RAID interface supports it', async () => {
      const { uuid } = await createNode({ raid_interface: 'fake' });
      const raid = { logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true }] };
      const r = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/raid`,
        headers: J,
        payload: raid,
      });
      expect(r.statusCode, r.body).toBe(204);
      expect((await inject({ url: `/v1/nodes/${uuid}`, headers: V })).json().target_raid_config).toEqual(
        raid,
      );
      const bad = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/raid`,
        headers: J,
        payload: { logical_disks: [{ size_gb: 10, raid_level: '42' }] },
      });
      expect(bad.statusCode).toBe(400);
      const noRaid = await createNode({ raid_interface: 'no-raid' });
      const unsupported = await inject({
        method: 'PUT',
        url: `/v1/nodes/${noRaid.uuid}/states/raid`,
        headers: J,
        payload: raid,
      });
      expect(unsupported.statusCode).toBe(400);
      expect(
        (
          await inject({
            method: 'PUT',
            url: `/v1/nodes/${uuid}/states/raid`,
            headers: at(11),
            payload: raid,
          })
        ).statusCode,
      ).toBe(404);
    });

    it('injects an NMI (1.29)', async () => {
      const { uuid } = await createNode();
      const r = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/management/inject_nmi`,
        headers: J,
        payload: {},
      });
      expect(r.statusCode, r.body).toBe(204);
      expect(
        (
          await inject({
            method: 'PUT',
            url: `/v1/nodes/${uuid}/management/inject_nmi`,
            headers: at(28),
            payload: {},
          })
        ).statusCode,
      ).toBe(404);
    });

    it('attaches, lists and detaches VIFs (1.28)', async () => {
      const { uuid } = await createNode();
      expect(
        (
          await inject({
            method: 'POST',
            url: `/v1/nodes/${uuid}/vifs`,
            headers: J,
            payload: { id: 'vif-a' },
          })
        ).statusCode,
      ).toBe(204);
      expect((await inject({ url: `/v1/nodes/${uuid}/vifs`, headers: V })).json()).toEqual({
        vifs: [{ id: 'vif-a' }],
      });
      expect(
        (await inject({ method: 'DELETE', url: `/v1/nodes/${uuid}/vifs/vif-a`, headers: V })).statusCode,
      ).toBe(204);
      expect(
        (await inject({ method: 'DELETE', url: `/v1/nodes/${uuid}/vifs/vif-a`, headers: V })).statusCode,
      ).toBe(400);
      expect((await inject({ url: `/v1/nodes/${uuid}/vifs`, headers: V })).json()).toEqual({ vifs: [] });
    });

    it('serves cached BIOS settings (1.40)', async () => {
      const { uuid } = await createNode();
      await provision(uuid, 'manage');
      await settled(uuid, 'manageable');
      const clean = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/provision`,
        headers: J,
        payload: {
          target: 'clean',
          clean_steps: [
            {
              interface: 'bios',
              step: 'applyConfiguration',
              args: { settings: [{ name: 'ProcTurboMode', value: 'Enabled' }] },
            },
          ],
        },
      });
      expect(clean.statusCode, clean.body).toBe(202);
      await settled(uuid, 'manageable');
      const list = (await inject({ url: `/v1/nodes/${uuid}/bios`, headers: V })).json();
      expect(list.bios).toEqual([
        expect.objectContaining({ name: 'ProcTurboMode', value: 'Enabled', links: expect.any(Array) }),
      ]);
      const one = (await inject({ url: `/v1/nodes/${uuid}/bios/ProcTurboMode`, headers: V })).json();
      expect(one.ProcTurboMode).toMatchObject({ name: 'ProcTurboMode', value: 'Enabled', read_only: null });
      expect((await inject({ url: `/v1/nodes/${uuid}/bios/Nope`, headers: V })).statusCode).toBe(404);
      expect((await inject({ url: `/v1/nodes/${uuid}/bios`, headers: at(39) })).statusCode).toBe(404);
    });

    it('lists, reads and sets indicators (1.63)', async () => {
      const { uuid } = await createNode();
      const comps = (await inject({ url: `/v1/nodes/${uuid}/management/indicators`, headers: V })).json();
      expect(comps.components.map((c: { name: string }) => c.name)).toEqual(['system']);
      const inds = (
        await inject({ url: `/v1/nodes/${uuid}/management/indicators/system`, headers: V })
      ).json();
      expect(inds.indicators[0]).toMatchObject({
        name: 'led',
        component: 'system',
        states: ['ON', 'OFF', 'BLINKING'],
      });
      const set = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/management/indicators/led@system`,
        headers: J,
        payload: { state: 'BLINKING' },
      });
      expect(set.statusCode, set.body).toBe(204);
      expect(
        (await inject({ url: `/v1/nodes/${uuid}/management/indicators/led@system`, headers: V })).json(),
      ).toEqual({
        state: 'BLINKING',
      });
      expect(
        (await inject({ url: `/v1/nodes/${uuid}/management/indicators`, headers: at(62) })).statusCode,
      ).toBe(404);
    });
  });

  describe('chassis (1.1)', () => {
    it('creates, lists, patches and deletes chassis and links nodes to them', async () => {
      const r = await inject({
        method: 'POST',
        url: '/v1/chassis',
        headers: J,
        payload: { description: 'rack 9', extra: { row: 'b' } },
      });
      expect(r.statusCode, r.body).toBe(201);
      const ch = r.json();
      expect(ch).toMatchObject({ description: 'rack 9', extra: { row: 'b' } });
      expect(ch.nodes[0].href).toMatch(new RegExp(`/v1/chassis/${ch.uuid}/nodes$`));
      const list = (await inject({ url: '/v1/chassis', headers: V })).json();
      expect(list.chassis).toContainEqual({ uuid: ch.uuid, description: 'rack 9', links: expect.any(Array) });
      const detail = (await inject({ url: '/v1/chassis/detail', headers: V })).json();
      expect(detail.chassis.find((c: { uuid: string }) => c.uuid === ch.uuid).extra).toEqual({ row: 'b' });

      const bad = await inject({
        method: 'POST',
        url: '/v1/nodes',
        headers: J,
        payload: { driver: 'fake-hardware', chassis_uuid: '00000000-0000-4000-8000-000000000000' },
      });
      expect(bad.statusCode).toBe(400);
      expect(fault(bad.body).faultstring).toMatch(/Chassis .* could not be found/);
      const node = await createNode({ chassis_uuid: ch.uuid });
      expect(node.chassis_uuid).toBe(ch.uuid);
      const nodes = (await inject({ url: `/v1/chassis/${ch.uuid}/nodes`, headers: V })).json();
      expect(nodes.nodes.map((n: { uuid: string }) => n.uuid)).toEqual([node.uuid]);
      const filtered = (await inject({ url: `/v1/nodes?chassis_uuid=${ch.uuid}`, headers: V })).json();
      expect(filtered.nodes).toHaveLength(1);

      const p = await inject({
        method: 'PATCH',
        url: `/v1/chassis/${ch.uuid}`,
        headers: J,
        payload: [
          { op: 'replace', path: '/description', value: 'rack 10' },
          { op: 'add', path: '/extra/u', value: 4 },
        ],
      });
      expect(p.statusCode, p.body).toBe(200);
      expect(p.json()).toMatchObject({ description: 'rack 10', extra: { row: 'b', u: 4 } });
      const badPatch = await inject({
        method: 'PATCH',
        url: `/v1/chassis/${ch.uuid}`,
        headers: J,
        payload: [{ op: 'replace', path: '/uuid', value: 'x' }],
      });
      expect(badPatch.statusCode).toBe(400);

      const notEmpty = await inject({ method: 'DELETE', url: `/v1/chassis/${ch.uuid}`, headers: V });
      expect(notEmpty.statusCode).toBe(400);
      expect(fault(notEmpty.body).faultstring).toMatch(/contains nodes/);
      const unlink = await patch(node.uuid, [{ op: 'remove', path: '/chassis_uuid' }]);
      expect(unlink.json().chassis_uuid).toBeNull();
      expect((await inject({ method: 'DELETE', url: `/v1/chassis/${ch.uuid}`, headers: V })).statusCode).toBe(
        204,
      );
      expect((await inject({ url: `/v1/chassis/${ch.uuid}`, headers: V })).statusCode).toBe(404);
      expect((await inject({ url: '/v1/chassis/not-a-uuid', headers: V })).statusCode).toBe(400);
    });
  });

  describe('Smart NIC ports (1.53) and inspection_finished_at (1.6)', () => {
    it("stores is_smartnic with Ironic's local_link_connection rule", async () => {
      const { uuid } = await createNode();
      const bad = await inject({
        method: 'POST',
        url: '/v1/ports',
        headers: J,
        payload: { node_uuid: uuid, address: '52:54:00:cc:00:01', is_smartnic: true },
      });
      expect(bad.statusCode).toBe(400);
      const ok = await inject({
        method: 'POST',
        url: '/v1/ports',
        headers: J,
        payload: {
          node_uuid: uuid,
          address: '52:54:00:cc:00:01',
          is_smartnic: true,
          local_link_connection: { port_id: 'rep0-0', hostname: 'dpu-1' },
        },
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().is_smartnic).toBe(true);
      const old = await inject({
        method: 'POST',
        url: '/v1/ports',
        headers: at(52),
        payload: { node_uuid: uuid, address: '52:54:00:cc:00:02', is_smartnic: false },
      });
      expect(old.statusCode).toBe(406);
      const off = await inject({
        method: 'PATCH',
        url: `/v1/ports/${ok.json().uuid}`,
        headers: J,
        payload: [{ op: 'replace', path: '/is_smartnic', value: false }],
      });
      expect(off.json().is_smartnic).toBe(false);
    });

    it('records when inspection finished', async () => {
      const { uuid } = await createNode();
      expect(
        (await inject({ url: `/v1/nodes/${uuid}`, headers: V })).json().inspection_finished_at,
      ).toBeNull();
      await provision(uuid, 'manage');
      await settled(uuid, 'manageable');
      await provision(uuid, 'inspect');
      const n = await until(async () => {
        const x = (await inject({ url: `/v1/nodes/${uuid}`, headers: V })).json();
        return x.provision_state === 'manageable' && x.inspection_finished_at ? x : undefined;
      });
      expect(n.inspection_started_at).toBeNull();
      expect(Date.parse(n.inspection_finished_at)).not.toBeNaN();
    });
  });

  describe('port groups (1.23/1.24/1.26)', () => {
    it('creates, lists, patches and deletes port groups; ports join them', async () => {
      const { uuid } = await createNode({ name: 'pg-api-node' });
      const r = await inject({
        method: 'POST',
        url: '/v1/portgroups',
        headers: J,
        payload: {
          node_uuid: 'pg-api-node',
          name: 'bond-api',
          address: '52:54:00:DD:00:01',
          mode: '802.3ad',
        },
      });
      expect(r.statusCode, r.body).toBe(201);
      const pg = r.json();
      expect(pg).toMatchObject({
        node_uuid: uuid,
        name: 'bond-api',
        address: '52:54:00:dd:00:01',
        mode: '802.3ad',
      });
      const dup = await inject({
        method: 'POST',
        url: '/v1/portgroups',
        headers: J,
        payload: { node_uuid: uuid, name: 'bond-api' },
      });
      expect(dup.statusCode).toBe(409);
      expect((await inject({ url: '/v1/portgroups', headers: at(22) })).statusCode).toBe(404);
      const modeOld = await inject({
        method: 'POST',
        url: '/v1/portgroups',
        headers: at(25),
        payload: { node_uuid: uuid, mode: 'balance-rr' },
      });
      expect(modeOld.statusCode).toBe(406);
      const list = (await inject({ url: `/v1/nodes/${uuid}/portgroups`, headers: V })).json();
      expect(list.portgroups).toEqual([
        { uuid: pg.uuid, address: '52:54:00:dd:00:01', name: 'bond-api', links: expect.any(Array) },
      ]);
      const port = await inject({
        method: 'POST',
        url: '/v1/ports',
        headers: J,
        payload: { node_uuid: uuid, address: '52:54:00:dd:00:02', portgroup_uuid: pg.uuid },
      });
      expect(port.statusCode, port.body).toBe(201);
      expect(port.json().portgroup_uuid).toBe(pg.uuid);
      const members = (await inject({ url: `/v1/portgroups/bond-api/ports`, headers: V })).json();
      expect(members.ports.map((p: { uuid: string }) => p.uuid)).toEqual([port.json().uuid]);
      const byFilter = (await inject({ url: `/v1/ports?portgroup=bond-api`, headers: V })).json();
      expect(byFilter.ports).toHaveLength(1);
      const notEmpty = await inject({ method: 'DELETE', url: `/v1/portgroups/${pg.uuid}`, headers: V });
      expect(notEmpty.statusCode).toBe(400);
      const p = await inject({
        method: 'PATCH',
        url: `/v1/portgroups/bond-api`,
        headers: J,
        payload: [
          { op: 'add', path: '/properties/miimon', value: 100 },
          { op: 'replace', path: '/standalone_ports_supported', value: false },
        ],
      });
      expect(p.statusCode, p.body).toBe(200);
      expect(p.json()).toMatchObject({ properties: { miimon: 100 }, standalone_ports_supported: false });
      const leave = await inject({
        method: 'PATCH',
        url: `/v1/ports/${port.json().uuid}`,
        headers: J,
        payload: [{ op: 'remove', path: '/portgroup_uuid' }],
      });
      expect(leave.json().portgroup_uuid).toBeNull();
      expect(
        (await inject({ method: 'DELETE', url: `/v1/portgroups/${pg.uuid}`, headers: V })).statusCode,
      ).toBe(204);
      expect((await inject({ url: `/v1/portgroups/${pg.uuid}`, headers: V })).statusCode).toBe(404);
    });
  });

  describe('deploy templates (1.55)', () => {
    it('creates, lists, patches and deletes templates; a deploy with the trait runs their steps', async () => {
      const steps = [
        {
          interface: 'bios',
          step: 'applyConfiguration',
          args: { settings: [{ name: 'SRIOV', value: 'On' }] },
          priority: 150,
        },
      ];
      const r = await inject({
        method: 'POST',
        url: '/v1/deploy_templates',
        headers: J,
        payload: { name: 'CUSTOM_SRIOV', steps },
      });
      expect(r.statusCode, r.body).toBe(201);
      const t = r.json();
      expect(t).toMatchObject({ name: 'CUSTOM_SRIOV', steps, extra: {} });
      for (const bad of [
        { name: 'lower', steps },
        { name: 'CUSTOM_A', steps: [] },
        { name: 'CUSTOM_A', steps: [{ interface: 'bios', step: 'x', args: {} }] },
        { name: 'CUSTOM_A', steps: [{ ...steps[0], interface: 'console' }] },
      ]) {
        const b = await inject({ method: 'POST', url: '/v1/deploy_templates', headers: J, payload: bad });
        expect(b.statusCode, JSON.stringify(bad)).toBe(400);
      }
      expect((await inject({ url: '/v1/deploy_templates', headers: at(54) })).statusCode).toBe(404);
      const list = (await inject({ url: '/v1/deploy_templates', headers: V })).json();
      expect(list.deploy_templates).toContainEqual({
        uuid: t.uuid,
        name: 'CUSTOM_SRIOV',
        links: expect.any(Array),
      });

      const { uuid } = await createNode({ instance_info: { traits: ['CUSTOM_SRIOV'] } });
      await inject({ method: 'PUT', url: `/v1/nodes/${uuid}/traits/CUSTOM_SRIOV`, headers: J });
      await provision(uuid, 'manage');
      await settled(uuid, 'manageable');
      await provision(uuid, 'provide');
      await settled(uuid, 'available');
      await provision(uuid, 'active');
      const active = await settled(uuid, 'active');
      expect(active.driver_internal_info.fake_bios).toEqual({ SRIOV: 'On' });

      const p = await inject({
        method: 'PATCH',
        url: '/v1/deploy_templates/CUSTOM_SRIOV',
        headers: J,
        payload: [
          { op: 'add', path: '/extra/owner', value: 'net' },
          { op: 'replace', path: '/name', value: 'CUSTOM_SRIOV2' },
        ],
      });
      expect(p.statusCode, p.body).toBe(200);
      expect(p.json()).toMatchObject({ name: 'CUSTOM_SRIOV2', extra: { owner: 'net' } });
      expect(
        (await inject({ method: 'DELETE', url: '/v1/deploy_templates/CUSTOM_SRIOV2', headers: V }))
          .statusCode,
      ).toBe(204);
      expect((await inject({ url: `/v1/deploy_templates/${t.uuid}`, headers: V })).statusCode).toBe(404);
    });
  });

  describe('allocations (1.52)', () => {
    it('allocates, shows, renames and deletes; the node carries allocation_uuid', async () => {
      const { uuid } = await createNode({ resource_class: 'alloc-rc' });
      await inject({ method: 'PUT', url: `/v1/nodes/${uuid}/traits/CUSTOM_ALLOC`, headers: J });
      await provision(uuid, 'manage');
      await settled(uuid, 'manageable');
      await provision(uuid, 'provide');
      await settled(uuid, 'available');
      const r = await inject({
        method: 'POST',
        url: '/v1/allocations',
        headers: J,
        payload: { name: 'alloc-1', resource_class: 'alloc-rc', traits: ['CUSTOM_ALLOC'] },
      });
      expect(r.statusCode, r.body).toBe(201);
      // Ironic answers before a conductor worker has picked a node.
      expect(r.json()).toMatchObject({ state: 'allocating', node_uuid: null, last_error: null });
      const a = await allocated(r.json().uuid);
      expect(a).toMatchObject({
        state: 'active',
        node_uuid: uuid,
        traits: ['CUSTOM_ALLOC'],
        last_error: null,
      });
      const node = (await inject({ url: `/v1/nodes/${uuid}`, headers: V })).json();
      expect(node).toMatchObject({ allocation_uuid: a.uuid, instance_uuid: a.uuid });
      expect((await inject({ url: `/v1/nodes/${uuid}/allocation`, headers: V })).json().uuid).toBe(a.uuid);
      const failed = await inject({
        method: 'POST',
        url: '/v1/allocations',
        headers: J,
        payload: { resource_class: 'alloc-rc' },
      });
      expect(await allocated(failed.json().uuid)).toMatchObject({ state: 'error', node_uuid: null });
      expect(
        (await inject({ url: '/v1/allocations?state=error', headers: V })).json().allocations,
      ).toHaveLength(1);
      expect(
        (await inject({ method: 'POST', url: '/v1/allocations', headers: J, payload: {} })).statusCode,
      ).toBe(400);
      expect((await inject({ url: '/v1/allocations', headers: at(51) })).statusCode).toBe(404);
      const old = await inject({
        method: 'PATCH',
        url: '/v1/allocations/alloc-1',
        headers: at(56),
        payload: [{ op: 'replace', path: '/name', value: 'x' }],
      });
      expect(old.statusCode).toBe(406);
      const renamed = await inject({
        method: 'PATCH',
        url: '/v1/allocations/alloc-1',
        headers: J,
        payload: [{ op: 'replace', path: '/name', value: 'alloc-2' }],
      });
      expect(renamed.json().name).toBe('alloc-2');
      expect(
        (await inject({ method: 'DELETE', url: `/v1/nodes/${uuid}/allocation`, headers: V })).statusCode,
      ).toBe(204);
      const released = (await inject({ url: `/v1/nodes/${uuid}`, headers: V })).json();
      expect(released).toMatchObject({ allocation_uuid: null, instance_uuid: null });
      expect((await inject({ url: `/v1/nodes/${uuid}/allocation`, headers: V })).statusCode).toBe(404);
      await inject({ method: 'DELETE', url: `/v1/allocations/${failed.json().uuid}`, headers: V });
    });
  });

  describe('volume connectors and targets (1.32)', () => {
    it('creates, lists, patches and deletes them; the node must be powered off for changes', async () => {
      const { uuid } = await createNode();
      const c = await inject({
        method: 'POST',
        url: '/v1/volume/connectors',
        headers: J,
        payload: { node_uuid: uuid, type: 'iqn', connector_id: 'iqn.2024-01.org:n1' },
      });
      expect(c.statusCode, c.body).toBe(201);
      const dup = await inject({
        method: 'POST',
        url: '/v1/volume/connectors',
        headers: J,
        payload: { node_uuid: uuid, type: 'iqn', connector_id: 'iqn.2024-01.org:n1' },
      });
      expect(dup.statusCode).toBe(409);
      const t = await inject({
        method: 'POST',
        url: '/v1/volume/targets',
        headers: J,
        payload: { node_uuid: uuid, volume_type: 'iscsi', boot_index: 0, volume_id: 'vol-1' },
      });
      expect(t.statusCode, t.body).toBe(201);
      expect((await inject({ url: '/v1/volume', headers: V })).json().connectors).toBeDefined();
      expect((await inject({ url: '/v1/volume', headers: at(31) })).statusCode).toBe(404);
      const mine = (await inject({ url: `/v1/nodes/${uuid}/volume/targets`, headers: V })).json();
      expect(mine.targets).toEqual([
        {
          uuid: t.json().uuid,
          volume_type: 'iscsi',
          boot_index: 0,
          volume_id: 'vol-1',
          node_uuid: uuid,
          links: expect.any(Array),
        },
      ]);
      const listed = (
        await inject({ url: `/v1/volume/connectors?node=${uuid}&detail=true`, headers: V })
      ).json();
      expect(listed.connectors[0]).toMatchObject({ type: 'iqn', extra: {} });
      const patchOn = async () =>
        inject({
          method: 'PATCH',
          url: `/v1/volume/targets/${t.json().uuid}`,
          headers: J,
          payload: [{ op: 'replace', path: '/boot_index', value: 1 }],
        });
      expect((await patchOn()).statusCode).toBe(400);
      await provision(uuid, 'manage');
      await settled(uuid, 'manageable');
      const ok = await patchOn();
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().boot_index).toBe(1);
      expect(
        (await inject({ method: 'DELETE', url: `/v1/volume/connectors/${c.json().uuid}`, headers: V }))
          .statusCode,
      ).toBe(204);
      expect(
        (await inject({ method: 'DELETE', url: `/v1/volume/targets/${t.json().uuid}`, headers: V }))
          .statusCode,
      ).toBe(204);
      expect((await inject({ url: `/v1/volume/targets/${t.json().uuid}`, headers: V })).statusCode).toBe(404);
    });
  });

  describe('external network events (1.54)', () => {
    it('accepts valid Neutron events with 204 and refuses malformed ones', async () => {
      const event = {
        event: 'network.bind_port',
        port_id: '11111111-2222-4333-8444-555555555555',
        mac_address: '52:54:00:12:34:56',
        status: 'ACTIVE',
        'binding:vnic_type': 'baremetal',
      };
      const ok = await inject({
        method: 'POST',
        url: '/v1/events',
        headers: J,
        payload: { events: [event] },
      });
      expect(ok.statusCode, ok.body).toBe(204);
      for (const bad of [
        {},
        { events: [] },
        { events: [{ ...event, event: 'network.nope' }] },
        { events: [{ ...event, x: 1 }] },
      ]) {
        const r = await inject({ method: 'POST', url: '/v1/events', headers: J, payload: bad });
        expect(r.statusCode).toBe(400);
      }
      expect(
        (await inject({ method: 'POST', url: '/v1/events', headers: at(53), payload: { events: [event] } }))
          .statusCode,
      ).toBe(404);
    });
  });

  describe('reset_interfaces (1.45)', () => {
    it('resets the interfaces to the new driver defaults only when asked and when the driver changes', async () => {
      const { uuid } = await createNode({ raid_interface: 'fake' });
      const noDriver = await patch(
        uuid,
        [{ op: 'replace', path: '/extra', value: { a: 1 } }],
        J,
        '?reset_interfaces=true',
      );
      expect(noDriver.statusCode).toBe(400);
      const old = await patch(
        uuid,
        [{ op: 'replace', path: '/driver', value: 'manual-management' }],
        at(44),
        '?reset_interfaces=true',
      );
      expect(old.statusCode).toBe(406);
      const r = await patch(
        uuid,
        [{ op: 'replace', path: '/driver', value: 'manual-management' }],
        J,
        '?reset_interfaces=true',
      );
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ driver: 'manual-management', raid_interface: 'no-raid' });
    });
  });

  describe('manual cleaning with disable_ramdisk (1.70)', () => {
    it('runs out-of-band steps without booting the agent and refuses in-band ones', async () => {
      const { uuid } = await createNode({ driver: 'agent-hardware' });
      await provision(uuid, 'manage');
      await settled(uuid, 'manageable');
      await provision(uuid, 'clean', {
        clean_steps: [{ interface: 'power', step: 'powerCycle' }],
        disable_ramdisk: true,
      });
      const done = await settled(uuid, 'manageable');
      expect(done.last_error).toBeNull();
      expect(done.driver_internal_info.agent_command).toBeUndefined();
      await provision(uuid, 'clean', {
        clean_steps: [{ interface: 'deploy', step: 'eraseDevices' }],
        disable_ramdisk: true,
      });
      const failed = await settled(uuid, 'clean failed');
      expect(failed.last_error).toMatch(/requires the ramdisk/);
      const wrongVerb = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/provision`,
        headers: J,
        payload: { target: 'manage', disable_ramdisk: true },
      });
      expect(wrongVerb.statusCode).toBe(400);
      const old = await inject({
        method: 'PUT',
        url: `/v1/nodes/${uuid}/states/provision`,
        headers: at(69),
        payload: {
          target: 'clean',
          clean_steps: [{ interface: 'power', step: 'powerCycle' }],
          disable_ramdisk: true,
        },
      });
      expect(old.statusCode).toBe(406);
    });
  });

  describe('agent lookup and heartbeat (token issued by the conductor)', () => {
    it('hands the token out once, then masks it; heartbeats need it', async () => {
      const { uuid } = await createNode({ driver: 'agent-hardware' });
      await inject({
        method: 'POST',
        url: '/v1/ports',
        headers: J,
        payload: { node_uuid: uuid, address: '52:54:00:aa:bb:01' },
      });
      await provision(uuid, 'manage');
      await settled(uuid, 'manageable');
      await provision(uuid, 'provide');
      await settled(uuid, 'clean wait');
      const first = await inject({ url: '/v1/lookup?addresses=52:54:00:aa:bb:01', headers: V });
      expect(first.statusCode, first.body).toBe(200);
      const token = first.json().config.agent_token as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(first.json().node.driver_internal_info.agent_secret_token).toBe('******');
      const again = await inject({ url: `/v1/lookup?node_uuid=${uuid}`, headers: V });
      expect(again.json().config.agent_token).toBe('******');
      const bad = await inject({
        method: 'POST',
        url: `/v1/heartbeat/${uuid}`,
        headers: J,
        payload: { callback_url: 'http://127.0.0.1:9999', agent_token: 'wrong' },
      });
      expect(bad.statusCode).toBe(401);
      const ok = await inject({
        method: 'POST',
        url: `/v1/heartbeat/${uuid}`,
        headers: J,
        payload: { callback_url: 'http://127.0.0.1:9999', agent_token: token, agent_version: '9.0' },
      });
      expect(ok.statusCode, ok.body).toBe(202);
    });
  });
});
