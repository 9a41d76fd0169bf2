import { afterEach, describe, expect, it } from 'vitest';
import { main, parseCli, USAGE } from '../src/cli.js';
import { FaultInjector, type Fleet, startFleet } from '../src/index.js';
import { client } from './helpers.js';

let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

describe('startFleet', () => {
  it('starts one service per BMC with deterministic ids, MACs and per-index credentials', async () => {
    fleet = await startFleet({
      count: 3,
      credentials: (i) => ({ username: `admin${i}`, password: `pw-${i}` }),
    });
    expect(fleet.url).toBeUndefined();
    expect(fleet.bmcs.map((b) => b.systemId)).toEqual(['node-0000', 'node-0001', 'node-0002']);
    expect(fleet.bmcs[2]!.macs).toEqual(['52:54:00:00:02:00', '52:54:00:00:02:01']);
    expect(fleet.bmcs[1]!.driverInfo).toEqual({
      redfish_address: fleet.bmcs[1]!.url,
      redfish_system_id: '/redfish/v1/Systems/node-0001',
      redfish_username: 'admin1',
      redfish_password: 'pw-1',
    });
    expect(new Set(fleet.bmcs.map((b) => b.port)).size).toBe(3);
    for (const b of fleet.bmcs) {
      expect(b.url).toBe(`http://127.0.0.1:${b.port}`);
      const systems = (await client(b).get('/redfish/v1/Systems')).body;
      expect(systems.Members).toEqual([{ '@odata.id': b.systemPath }]);
    }
    const [a, b] = fleet.bmcs;
    expect((await client({ ...a!, password: b!.password }).get(a!.systemPath)).status).toBe(401);
    // Each BMC has its own state.
    await client(a!).post(`${a!.systemPath}/Actions/ComputerSystem.Reset`, { ResetType: 'On' });
    expect((await client(a!).get(a!.systemPath)).body.PowerState).toBe('On');
    expect((await client(b!).get(b!.systemPath)).body.PowerState).toBe('Off');
    const uuids = await Promise.all(
      fleet.bmcs.map(async (x) => (await client(x).get('/redfish/v1/')).body.UUID),
    );
    expect(new Set(uuids).size).toBe(3);
  });

  it('serves every system from one port with per-system paths', async () => {
    fleet = await startFleet({ count: 4, singlePort: 0, systemId: (i) => `srv${i}` });
    expect(fleet.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(fleet.bmcs.map((b) => b.url))).toEqual(new Set([fleet.url]));
    const c = client(fleet.bmcs[0]!);
    const systems = (await c.get('/redfish/v1/Systems')).body;
    expect(systems['Members@odata.count']).toBe(4);
    expect((await c.get('/redfish/v1/Managers')).body.Members).toHaveLength(4);
    const sys = (await c.get('/redfish/v1/Systems/srv3')).body;
    expect(sys.Links.ManagedBy[0]['@odata.id']).toBe('/redfish/v1/Managers/srv3-BMC');
    expect((await c.get('/redfish/v1/Managers/srv3-BMC/VirtualMedia/Cd')).status).toBe(200);
  });

  it('listens on consecutive ports from basePort', async () => {
    // Below Linux's ephemeral range; retry elsewhere if another process holds a port.
    for (let attempt = 0; attempt < 20 && !fleet; attempt++) {
      const base = 20_000 + Math.floor(Math.random() * 10_000);
      try {
        fleet = await startFleet({ count: 2, basePort: base });
        expect(fleet.bmcs.map((b) => b.port)).toEqual([base, base + 1]);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      }
    }
    expect(fleet).toBeDefined();
  });

  it('draws per-machine power delays reproducibly from the seed', async () => {
    const delays = async (seed: number) => {
      const seen: number[] = [];
      const f = await startFleet({
        count: 3,
        seed,
        powerDelayMs: [1000, 11000],
        backend: (ctx) => {
          seen.push(ctx.powerDelayMs);
          return import('../src/index.js').then(
            (m) => new m.SimulatedMachine({ powerDelayMs: ctx.powerDelayMs }),
          );
        },
      });
      await f.close();
      return seen;
    };
    const a = await delays(7);
    expect(await delays(7)).toEqual(a);
    for (const d of a) expect(d).toBeGreaterThanOrEqual(1000);
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});

describe('fault injection', () => {
  it('fails requests at the configured error rate, reproducibly', async () => {
    fleet = await startFleet({ count: 1, faults: { errorRate: 0.5, seed: 3 } });
    const bmc = fleet.bmcs[0]!;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await client(bmc).get(bmc.systemPath)).status);
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    expect(statuses.filter((s) => s !== 500 && s !== 200)).toEqual([]);
    expect(bmc.faults.counts.failed).toBe(failed);
    // The service root stays reachable (as on real BMCs under load, discovery still works).
    expect((await client(bmc).get('/redfish/v1/')).status).toBe(200);
    const replay = new FaultInjector({ errorRate: 0.5, seed: 3 });
    expect(statuses.map((s) => s === 500)).toEqual(
      statuses.map(() => replay.decide('/redfish/v1/Systems/x').action === 'fail'),
    );
  });

  it('gives each BMC its own reproducible fault sequence', async () => {
    fleet = await startFleet({ count: 2, faults: { errorRate: 0.5, seed: 11 } });
    expect(fleet.bmcs.map((b) => b.faults.settings.seed)).toEqual([11, 12]);
  });

  it('injects 5xx bursts, dropped connections, latency and expired sessions at run time', async () => {
    fleet = await startFleet({ count: 1 });
    const bmc = fleet.bmcs[0]!;
    const c = client(bmc);
    bmc.faults.burst(2);
    const first = await c.get(bmc.systemPath);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.body.error['@Message.ExtendedInfo'][0].MessageId).toBe(
      'Base.1.8.ServiceTemporarilyUnavailable',
    );
    expect((await c.get(bmc.systemPath)).status).toBe(503);
    expect((await c.get(bmc.systemPath)).status).toBe(200);

    bmc.faults.burst(1, 502);
    expect((await c.get(bmc.systemPath)).status).toBe(502);

    bmc.faults.dropNext(1);
    await expect(fetch(bmc.url + bmc.systemPath)).rejects.toThrow();
    expect((await c.get(bmc.systemPath)).status).toBe(200);
    expect(bmc.faults.counts.dropped).toBe(1);

    bmc.faults.configure({ latencyMs: [5, 10] });
    expect((await c.get(bmc.systemPath)).status).toBe(200);
    expect(bmc.faults.counts.delayed).toBe(1);

    bmc.faults.configure({ dropRate: 1 });
    await expect(fetch(bmc.url + bmc.systemPath)).rejects.toThrow();
    bmc.faults.clear();

    const login = await c.post('/redfish/v1/SessionService/Sessions', {
      UserName: 'admin',
      Password: 'password',
    });
    const token = login.headers.get('x-auth-token')!;
    expect((await client(bmc, token).get(bmc.systemPath)).status).toBe(200);
    bmc.expireSessions();
    const expired = await client(bmc, token).get(bmc.systemPath);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('Base.1.8.NoValidSession');
  });

  it('expires sessions after a short SessionTimeout', async () => {
    fleet = await startFleet({ count: 1, sessionTimeoutSeconds: 1 });
    const bmc = fleet.bmcs[0]!;
    const c = client(bmc);
    const token = (
      await c.post('/redfish/v1/SessionService/Sessions', { UserName: 'admin', Password: 'password' })
    ).headers.get('x-auth-token')!;
    expect((await c.get('/redfish/v1/SessionService')).body.SessionTimeout).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await client(bmc, token).get(bmc.systemPath)).status).toBe(401);
  });
});

describe('CLI', () => {
  it('prints help', async () => {
    const lines: string[] = [];
    expect(await main(['--help'], (l) => lines.push(l))).toBeUndefined();
    expect(lines.join('\n')).toBe(USAGE);
    expect(USAGE).toContain('--count N');
  });

  it('parses options into a fleet configuration', () => {
    const parsed = parseCli([
      '--count',
      '5',
      '--port',
      '9000',
      '--single-port',
      '--power-delay',
      '1000-11000',
      '--latency',
      '20',
      '--error-rate',
      '0.1',
      '--password',
      'secret',
    ])!;
    expect(parsed.options).toMatchObject({
      count: 5,
      singlePort: 9000,
      powerDelayMs: [1000, 11000],
      faults: { latencyMs: 20, errorRate: 0.1 },
      credentials: { username: 'admin', password: 'secret' },
    });
    expect(() => parseCli(['--error-rate', '3'])).toThrow(/between 0 and 1/);
    expect(() => parseCli(['--bogus'])).toThrow();
  });

  it('starts a fleet, prints where it is and never the password', async () => {
    const lines: string[] = [];
    fleet = await main(['--count', '2', '--port', '0', '--password', 's3cr3t-pw', '--json'], (l) =>
      lines.push(l),
    );
    expect(fleet).toBeDefined();
    const out = JSON.parse(lines[0]!);
    expect(out.bmcs).toHaveLength(2);
    expect(out.bmcs[1].systemId).toBe('node-0001');
    expect(lines.join('\n')).not.toContain('s3cr3t-pw');
    const r = await client({ url: out.bmcs[0].url, username: 'admin', password: 's3cr3t-pw' }).get(
      out.bmcs[0].systemPath,
    );
    expect(r.status).toBe(200);
    await fleet!.close();
    const text: string[] = [];
    fleet = await main(['--count', '1', '--port', '0', '--single-port'], (l) => text.push(l));
    expect(text[0]).toMatch(/1 BMC\(s\) ready on http:\/\/127\.0\.0\.1:\d+\/redfish\/v1/);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
