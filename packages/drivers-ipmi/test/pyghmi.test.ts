// pyghmi's BMC (the server VirtualBMC is built on) as a second, independent RMCP+
// peer. It keys sessions by the client's address and port and crashes on
// packets it does not expect, so it shows whether the client keeps sessions
// apart and sends only what ipmitool sends. After every scenario the real
// ipmitool must still get an answer: the BMC survived.
import { PowerState } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient, type IpmiTarget } from '../src/client/client.js';
import { getChassisStatus } from '../src/commands/chassis.js';
import type { CommandRunner } from '../src/commands/runner.js';
import { IpmiAuthenticationError, IpmiTimeoutError } from '../src/errors.js';
import { closeSharedIpmiClients, sharedIpmiClient } from '../src/native-backend.js';
import { PrivilegeLevel } from '../src/protocol/constants.js';
import { haveIpmiSim, SimFleet } from './harness/ipmi-sim.js';
import { havePyghmi, PYGHMI_USERS, type PyghmiBmc, PyghmiFleet } from './harness/pyghmi-bmc.js';
import { driverInfoFor, ipmiDriver, taskFor } from './helpers.js';

const missing = !havePyghmi();

/** The BMC still answers the real ipmitool (and its process runs). */
async function expectAlive(bmc: PyghmiBmc): Promise<void> {
  const out = await bmc.ipmitool('power', 'status').catch((e: unknown) => String(e));
  expect(out, `pyghmi BMC on ${bmc.port} died:\n${bmc.stderr}`).toMatch(/Chassis Power is (on|off)/);
  expect(bmc.alive).toBe(true);
}

describe.skipIf(missing)('pyghmi BMCs (VirtualBMC core) as an IPMI peer', () => {
  let fleet: PyghmiFleet;
  let client: IpmiClient;
  beforeAll(async () => {
    fleet = await PyghmiFleet.start(7);
  }, 30_000);
  afterEach(async () => {
    await client?.close();
  });
  afterAll(async () => {
    await closeSharedIpmiClients();
    await fleet?.stop();
  });

  const target = (bmc: PyghmiBmc, extra: Partial<IpmiTarget> = {}): IpmiTarget => ({
    host: '127.0.0.1',
    port: bmc.port,
    username: 'admin',
    password: PYGHMI_USERS.admin!,
    ...extra,
  });
  const session = (t: IpmiTarget) => client.withSession(t, async (s: CommandRunner) => s);

  it('a wrong password, then the right one: the pooled session survives and so does the BMC', async () => {
    client = new IpmiClient({ timeoutMs: 300, retries: 1 });
    const bmc = fleet.bmcs[0]!;
    const first = await session(target(bmc));
    const err = await session(target(bmc, { password: 'wrong' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiAuthenticationError);
    // The same pooled session answers: the failed login did not take its place at the BMC.
    expect((await client.withSession(target(bmc), (s) => getChassisStatus(s))).powerOn).toBe(false);
    expect(await session(target(bmc))).toBe(first);
    await expectAlive(bmc);
  });

  it('two privilege levels on one BMC keep two sessions that do not evict each other', async () => {
    client = new IpmiClient({ timeoutMs: 300, retries: 1 });
    const bmc = fleet.bmcs[1]!;
    const admin = target(bmc);
    const operator = target(bmc, { privilege: PrivilegeLevel.operator });
    const seen = { admin: new Set<unknown>(), operator: new Set<unknown>() };
    const statusThenSession = async (s: CommandRunner) => {
      await getChassisStatus(s);
      return s;
    };
    for (let i = 0; i < 4; i++) {
      seen.admin.add(await client.withSession(admin, statusThenSession));
      seen.operator.add(await client.withSession(operator, statusThenSession));
    }
    expect([seen.admin.size, seen.operator.size]).toEqual([1, 1]);
    expect(client.openSessions).toBe(2);
    await expectAlive(bmc);
  });

  it.each([
    ['CALLBACK', PrivilegeLevel.callback, 2],
    ['USER', PrivilegeLevel.user, 5],
  ])(
    'a %s session works and leaves the BMC alive (no Set Session Privilege Level)',
    async (_name, privilege, index) => {
      client = new IpmiClient({ timeoutMs: 300, retries: 1 });
      const bmc = fleet.bmcs[index]!;
      const status = await client.withSession(target(bmc, { privilege }), (s) => getChassisStatus(s));
      expect(status.powerOn).toBe(false);
      await expectAlive(bmc);
    },
  );

  it('a node whose password changes: the old session is closed, the wrong one fails, the BMC lives', {
    timeout: 20_000,
  }, async () => {
    const bmc = fleet.bmcs[3]!;
    const { power } = ipmiDriver();
    const good = taskFor(bmc);
    expect(await power.getPowerState(good)).toBe(PowerState.OFF);
    const shared = sharedIpmiClient(300, 2);
    expect(shared.openSessions).toBe(1);
    // Same node, new (wrong) password: the call fails and the node's previous session is closed.
    const wrong = createTestTask(
      { uuid: good.node.uuid, driver: 'ipmi', driverInfo: driverInfoFor(bmc, { ipmi_password: 'wrong' }) },
      { driver: ipmiDriver() },
    );
    await expect(power.getPowerState(wrong)).rejects.toBeInstanceOf(IpmiAuthenticationError);
    expect(shared.openSessions).toBe(0);
    await expectAlive(bmc);
    // Fixed again: a fresh session, the power change lands, ipmitool agrees.
    await power.setPowerState(good, PowerState.ON);
    expect(bmc.power()).toBe('on');
    expect(await bmc.ipmitool('power', 'status')).toMatch(/Chassis Power is on/);
    await power.setPowerState(good, PowerState.OFF);
    await expectAlive(bmc);
  });

  it('an unknown user: pyghmi stays silent after Open Session, and the error says to check the user name', async () => {
    client = new IpmiClient({ timeoutMs: 200, retries: 1 });
    const bmc = fleet.bmcs[6]!;
    const err = await session(target(bmc, { username: 'nobody' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiTimeoutError);
    expect((err as Error).message).toMatch(
      /answered Open Session but not RAKP 1.*unknown user name.*ipmi_username/,
    );
    await expectAlive(bmc);
  });

  it('a BMC restart: the next call opens a new session transparently', { timeout: 20_000 }, async () => {
    client = new IpmiClient({ timeoutMs: 300, retries: 1 });
    const bmc = fleet.bmcs[4]!;
    const before = await session(target(bmc));
    await bmc.stop();
    await bmc.start();
    bmc.setPower('on');
    expect((await client.withSession(target(bmc), (s) => getChassisStatus(s))).powerOn).toBe(true);
    expect(await session(target(bmc))).not.toBe(before);
    bmc.setPower('off');
    await expectAlive(bmc);
  });
});

describe.skipIf(missing || !haveIpmiSim())('a mixed fleet: pyghmi and ipmi_sim BMCs driven together', () => {
  let pyghmi: PyghmiFleet;
  let sim: SimFleet;
  beforeAll(async () => {
    [pyghmi, sim] = await Promise.all([PyghmiFleet.start(4), SimFleet.start(4)]);
  }, 30_000);
  afterAll(async () => {
    await closeSharedIpmiClients();
    await Promise.all([pyghmi?.stop(), sim?.stop()]);
  });

  it('powers every BMC on and off through the driver; ipmitool agrees on each', {
    timeout: 30_000,
  }, async () => {
    const { power } = ipmiDriver();
    const all = [...pyghmi.bmcs, ...sim.bmcs];
    await Promise.all(all.map((b) => power.setPowerState(taskFor(b), PowerState.ON)));
    expect(all.map((b) => b.power())).toEqual(all.map(() => 'on'));
    for (const b of all) expect(await b.ipmitool('power', 'status')).toMatch(/Chassis Power is on/);
    await Promise.all(all.map((b) => power.setPowerState(taskFor(b), PowerState.OFF)));
    expect(all.map((b) => b.power())).toEqual(all.map(() => 'off'));
    for (const b of pyghmi.bmcs) await expectAlive(b);
  });
});
