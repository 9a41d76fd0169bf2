import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient } from '../src/client/client.js';
import { getChassisStatus } from '../src/commands/chassis.js';
import { IpmiTimeoutError } from '../src/errors.js';
import { haveIpmiSim, SIM_PASSWORD, SIM_USER, SimFleet } from './harness/ipmi-sim.js';

describe.skipIf(!haveIpmiSim())('a BMC that vanishes mid-session', () => {
  let fleet: SimFleet;
  let client: IpmiClient;
  beforeAll(async () => {
    fleet = await SimFleet.start(1);
    client = new IpmiClient({ timeoutMs: 200, retries: 1 });
  });
  afterAll(async () => {
    await client?.close();
    await fleet?.stop();
  });

  it('fails with a timeout (after one transparent re-open attempt), never hangs', {
    timeout: 10_000,
  }, async () => {
    const bmc = fleet.bmcs[0]!;
    const target = { host: '127.0.0.1', port: bmc.port, username: SIM_USER, password: SIM_PASSWORD };
    expect((await client.withSession(target, (s) => getChassisStatus(s))).powerOn).toBe(false);
    bmc.process.kill('SIGKILL');
    await new Promise((resolve) => bmc.process.once('exit', resolve));
    const err = await client.withSession(target, (s) => getChassisStatus(s)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiTimeoutError);
    expect(client.openSessions).toBe(0);
  });
});
