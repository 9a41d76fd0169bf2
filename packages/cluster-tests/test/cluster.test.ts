import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessCluster, pool, RPC_TOKEN, readLogs } from '../src/cluster-harness.js';
import { waitFor } from '../src/services.js';

const run = promisify(execFile);
const NODES = Number(process.env.FERRIC_CLUSTER_NODES ?? 300);
const CONDUCTORS = ['cond-1', 'cond-2', 'cond-3'];

describe.each(['json-rpc', 'amqp'] as const)(
  'cluster of separate processes over %s on PostgreSQL',
  (transport) => {
    const cluster = new ProcessCluster(transport);
    let uuids: string[] = [];

    beforeAll(async () => {
      await cluster.setup();
      await Promise.all(CONDUCTORS.map((c) => cluster.spawn(c, 'conductor')));
      await Promise.all([cluster.spawn('api-1', 'api'), cluster.spawn('api-2', 'api')]);
    }, 120_000);
    afterAll(() => cluster.teardown(), 120_000);

    it(`deploys and undeploys ${NODES} nodes concurrently, spread over 3 conductors`, async () => {
      const conductors = (await cluster.api('GET', '/v1/conductors')).json as {
        conductors: { hostname: string; alive: boolean }[];
      };
      expect(
        conductors.conductors
          .filter((c) => c.alive)
          .map((c) => c.hostname)
          .sort(),
      ).toEqual(CONDUCTORS);

      const t0 = Date.now();
      uuids = await pool(
        Array.from({ length: NODES }, (_, i) => i),
        25,
        async (i) => {
          const node = (await cluster.accepted(
            'POST',
            '/v1/nodes',
            { name: `${transport}-n${i}`, driver: 'fake-hardware', driver_info: { fake_latency_ms: 50 } },
            [201],
          )) as { uuid: string };
          return node.uuid;
        },
      );
      for (const [verb, state] of [
        ['manage', 'manageable'],
        ['provide', 'available'],
        ['active', 'active'],
      ] as const) {
        await pool(uuids, 25, (u) => cluster.provision(u, verb));
        await cluster.allIn(uuids, state);
      }
      const spread = await cluster.sql.query<{ conductor_affinity: string; n: string }>(
        'SELECT conductor_affinity, count(*) AS n FROM nodes GROUP BY 1 ORDER BY 1',
      );
      console.log(
        `[${transport}] ${NODES} nodes active after ${((Date.now() - t0) / 1000).toFixed(1)} s; deployed by`,
        Object.fromEntries(spread.rows.map((r) => [r.conductor_affinity, Number(r.n)])),
      );
      expect(spread.rows.map((r) => r.conductor_affinity)).toEqual(CONDUCTORS);

      await pool(uuids, 25, (u) => cluster.provision(u, 'deleted'));
      await cluster.allIn(uuids, 'available');
      // The API agrees with the database.
      const listed = (await cluster.api('GET', '/v1/nodes?limit=1000&fields=uuid,provision_state')).json as {
        nodes: { uuid: string; provision_state: string }[];
      };
      expect(listed.nodes.length).toBe(NODES);
      expect(listed.nodes.every((n) => n.provision_state === 'available')).toBe(true);
      console.log(
        `[${transport}] deployed and undeployed ${NODES} nodes in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    }, 600_000);

    it('kill -9 of a conductor mid-deploy: every node ends active, nothing held by the dead host, none lost', async () => {
      expect(uuids.length).toBe(NODES);
      // Slow BMCs make the deploys long enough to be interrupted (test set-up, straight in the DB).
      await cluster.sql.query(`UPDATE nodes SET driver_info = '{"fake_latency_ms":1500}'`);
      const victim = 'cond-2';
      let killedAt = 0;
      const deploying = pool(uuids, 30, (u) => cluster.provision(u, 'active'));
      await waitFor(async () => {
        const r = await cluster.sql.query(
          "SELECT count(*) AS n FROM nodes WHERE reservation = $1 AND provision_state = 'deploying'",
          [victim],
        );
        return Number(r.rows[0].n) >= Math.min(20, Math.floor(NODES / 6));
      }, 'the victim to be deploying');
      await cluster.kill9(victim);
      killedAt = Date.now();
      const held = await cluster.sql.query('SELECT count(*) AS n FROM nodes WHERE reservation = $1', [
        victim,
      ]);
      console.log(`[${transport}] kill -9 ${victim} while it held ${held.rows[0].n} node locks`);
      await deploying; // every request was eventually accepted (503/409 retried, as a client would)

      let lastTakeOver = 0;
      await waitFor(
        async () => {
          const r = await cluster.sql.query(
            'SELECT count(*) AS n FROM nodes WHERE reservation = $1 OR conductor_affinity = $1',
            [victim],
          );
          if (Number(r.rows[0].n) > 0) return false;
          lastTakeOver = Date.now();
          return true;
        },
        'every node of the dead conductor taken over',
        180_000,
      );
      await waitFor(
        async () => {
          const s = await cluster.states(uuids);
          return (s.get('active') ?? 0) + (s.get('deploy failed') ?? 0) === NODES;
        },
        'every node settled',
        180_000,
      );
      console.log(
        `[${transport}] kill -> last take-over: ${((lastTakeOver - killedAt) / 1000).toFixed(1)} s`,
      );

      const rows = (
        await cluster.sql.query(
          'SELECT uuid, name, provision_state, reservation, last_error, conductor_affinity FROM nodes',
        )
      ).rows as {
        uuid: string;
        name: string;
        provision_state: string;
        reservation: string | null;
        last_error: string | null;
        conductor_affinity: string;
      }[];
      expect(rows.length).toBe(NODES);
      expect(new Set(rows.map((r) => r.uuid)).size).toBe(NODES);
      expect(new Set(rows.map((r) => r.name)).size).toBe(NODES);
      expect(rows.filter((r) => r.reservation !== null)).toEqual([]);
      const failed = rows.filter((r) => r.provision_state !== 'active');
      for (const f of failed) {
        expect(f.provision_state).toBe('deploy failed');
        expect(f.last_error).toBeTruthy();
      }
      console.log(
        `[${transport}] after the kill: ${NODES - failed.length} active, ${failed.length} deploy failed; owners`,
        countBy(rows.map((r) => r.conductor_affinity)),
      );
      expect(new Set(rows.map((r) => r.conductor_affinity))).toEqual(new Set(['cond-1', 'cond-3']));
    }, 600_000);

    it('a (re)joining conductor takes over its share of the active nodes', async () => {
      const t0 = Date.now();
      await cluster.spawn('cond-2', 'conductor');
      const owned = await waitFor(async () => {
        const r = await cluster.sql.query(
          "SELECT count(*) AS n FROM nodes WHERE conductor_affinity = 'cond-2' AND provision_state = 'active'",
        );
        return Number(r.rows[0].n) >= NODES / 6 ? Number(r.rows[0].n) : 0;
      }, 'cond-2 to take over active nodes');
      console.log(
        `[${transport}] rejoined cond-2 took over ${owned} active nodes within ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      // Take-over is bookkeeping on active nodes: they stay active and unlocked.
      await cluster.allIn(uuids, 'active');
      expect(owned).toBeGreaterThan(0);
    }, 120_000);

    it(`${transport === 'amqp' ? 'a RabbitMQ vhost restart and losing every PostgreSQL connection' : 'losing every PostgreSQL connection'} mid-run: recovery without manual action, no accepted request lost`, async () => {
      await cluster.sql.query(`UPDATE nodes SET driver_info = '{"fake_latency_ms":200}'`);
      let accepted = 0;
      // A steady stream of requests (as clients would send them) so some are in flight during the outage.
      const undeploying = pool(uuids, 4, async (u) => {
        await cluster.provision(u, 'deleted');
        accepted++;
        await new Promise((r) => setTimeout(r, 25));
      });
      await waitFor(() => accepted >= NODES / 5, 'a fifth of the requests accepted');
      const before = accepted;
      const t0 = Date.now();
      // What a PostgreSQL restart does to the cluster's sessions, scoped to our own database.
      const killSessions = () =>
        cluster.sql.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
      if (transport === 'amqp') {
        // Scoped to our own vhost so other users of the broker are not disturbed: every connection is
        // dropped, then the vhost's queues are restarted from disk; the database sessions die too.
        const vhost = decodeURIComponent(new URL(cluster.vhost!.url).pathname.slice(1));
        await run('rabbitmqctl', ['-q', 'close_all_connections', '-p', vhost, 'ferric test: broker restart']);
        await killSessions();
        await run('rabbitmqctl', ['-q', 'restart_vhost', '-p', vhost]);
      } else {
        await killSessions();
      }
      console.log(
        `[${transport}] disruption between ${before} and ${accepted} of ${NODES} accepted requests (${Date.now() - t0} ms)`,
      );
      expect(before).toBeLessThan(NODES);
      await undeploying;
      // Settled = unlocked in a stable state; then every one of them must be `available`.
      await waitFor(
        async () => {
          const s = await cluster.states(uuids);
          const settled = ['available', 'clean failed', 'error', 'active', 'deploy failed'];
          return settled.reduce((n, st) => n + (s.get(st) ?? 0), 0) === NODES;
        },
        'every node settled',
        240_000,
      );
      expect(Object.fromEntries(await cluster.states(uuids))).toEqual({ available: NODES });
      console.log(
        `[${transport}] all ${NODES} undeploys done ${((Date.now() - t0) / 1000).toFixed(1)} s after the disruption`,
      );
    }, 600_000);

    it('no process logged a secret (RPC token, broker password)', () => {
      const logs = readLogs(cluster.dir);
      expect(logs.length).toBeGreaterThan(0);
      expect(logs).not.toContain(RPC_TOKEN);
      expect(logs).not.toContain('guest:guest');
    });
  },
);

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
