import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient } from '../src/client/client.js';
import type { IpmiSession } from '../src/client/session.js';
import { ChassisControl, chassisControl, getChassisStatus } from '../src/commands/chassis.js';
import { IpmiAuthenticationError, IpmiUnsupportedCipherError } from '../src/errors.js';
import { haveIpmiSim } from './harness/ipmi-sim.js';
import { RmcpBmc } from './harness/rmcp-bmc.js';

function ipmitool(port: number, suite: number, password: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'ipmitool',
      [
        '-I',
        'lanplus',
        '-C',
        String(suite),
        '-H',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'admin',
        '-E',
        '-N',
        '1',
        '-R',
        '2',
        ...args,
      ],
      { env: { ...process.env, IPMI_PASSWORD: password }, timeout: 20_000 },
      (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout)),
    ),
  );
}

describe('cipher suite 17 end to end (RmcpBmc test peer)', () => {
  let bmc: RmcpBmc;
  let client: IpmiClient;
  beforeAll(async () => {
    bmc = await RmcpBmc.start();
    client = new IpmiClient({ timeoutMs: 300, retries: 1 });
  });
  afterAll(async () => {
    await client?.close();
    await bmc?.stop();
  });
  const target = (extra = {}) => ({
    host: '127.0.0.1',
    port: bmc.port,
    username: 'admin',
    password: 'password',
    ...extra,
  });

  it('negotiates suite 17 first by default and runs encrypted commands', async () => {
    const suite = await client.withSession(target(), async (s) => {
      await chassisControl(s, ChassisControl.powerUp);
      return (s as IpmiSession).cipherSuite?.id;
    });
    expect(suite).toBe(17);
    expect(bmc.openedWith).toEqual([17]);
    expect(bmc.powerOn).toBe(true);
    expect((await client.withSession(target(), (s) => getChassisStatus(s))).powerOn).toBe(true);
  });

  it('wrong password with suite 17: authentication error', async () => {
    await expect(
      client.withSession(target({ password: 'nope' }), (s) => getChassisStatus(s)),
    ).rejects.toBeInstanceOf(IpmiAuthenticationError);
  });

  it('a suite the BMC does not offer is refused after discovery', async () => {
    const only3 = await RmcpBmc.start({ suites: [3] });
    const c = new IpmiClient({ timeoutMs: 300, retries: 0 });
    try {
      await expect(
        c.withSession({ ...target(), port: only3.port, cipherSuite: 17 }, (s) => getChassisStatus(s)),
      ).rejects.toBeInstanceOf(IpmiUnsupportedCipherError);
      // ...while the default preference falls back to 3.
      expect(
        (await c.withSession({ ...target(), port: only3.port }, (s) => getChassisStatus(s))).powerOn,
      ).toBe(false);
      expect(only3.openedWith).toEqual([3]);
    } finally {
      await c.close();
      await only3.stop();
    }
  });

  describe.skipIf(!haveIpmiSim())('ipmitool -C 17 as an independent client', () => {
    it('reads and changes the power state our client set', async () => {
      expect(await ipmitool(bmc.port, 17, 'password', 'power', 'status')).toMatch(/Chassis Power is on/);
      await ipmitool(bmc.port, 17, 'password', 'power', 'off');
      expect(bmc.powerOn).toBe(false);
      expect((await client.withSession(target(), (s) => getChassisStatus(s))).powerOn).toBe(false);
      expect(bmc.openedWith).toContain(17);
    });

    it('ipmitool -C 3 works against it too', async () => {
      expect(await ipmitool(bmc.port, 3, 'password', 'power', 'status')).toMatch(/Chassis Power is off/);
    });

    it('ipmitool -C 17 with a wrong password is refused', async () => {
      await expect(ipmitool(bmc.port, 17, 'wrong', 'power', 'status')).rejects.toThrow(/RMCP\+ session|RAKP/);
    });
  });
});
