import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient } from '../src/client/client.js';
import { getBootFlags, setBootFlags } from '../src/commands/boot.js';
import { ChassisControl, chassisControl, chassisIdentify, getChassisStatus } from '../src/commands/chassis.js';
import { getChannelCipherSuites, getDeviceId } from '../src/commands/app.js';
import { readAllSensors } from '../src/commands/sensors.js';
import { IpmiAuthenticationError, IpmiCompletionCodeError, IpmiTimeoutError, IpmiUnsupportedCipherError } from '../src/errors.js';
import { haveIpmiSim, SIM_PASSWORD, SIM_USER, SimFleet } from './harness/ipmi-sim.js';

describe.skipIf(!haveIpmiSim())('IpmiClient against ipmi_sim', () => {
  let fleet: SimFleet;
  let client: IpmiClient;
  beforeAll(async () => {
    fleet = await SimFleet.start(2);
    client = new IpmiClient({ timeoutMs: 300, retries: 2 });
  });
  afterAll(async () => {
    await client?.close();
    await fleet?.stop();
  });
  const target = (i = 0, extra = {}) => ({ host: '127.0.0.1', port: fleet.bmcs[i]!.port, username: SIM_USER, password: SIM_PASSWORD, ...extra });

  it('opens a session (suite 17 refused, falls back to 3) and reads the device ID', async () => {
    const id = await client.withSession(target(), (s) => getDeviceId(s));
    expect(id.manufacturerId).toBe(0x1291);
    expect(id.productId).toBe(0x0f02);
    expect(id.ipmiVersion).toBe('2.0');
  });

  it('reuses the session for further commands', async () => {
    const before = client.openSessions;
    await client.withSession(target(), (s) => getChassisStatus(s));
    expect(client.openSessions).toBe(before);
  });

  it('powers on and off; ipmitool reads the same state', async () => {
    const bmc = fleet.bmcs[0]!;
    await client.withSession(target(), (s) => chassisControl(s, ChassisControl.powerUp));
    expect(bmc.power()).toBe('on');
    expect((await client.withSession(target(), (s) => getChassisStatus(s))).powerOn).toBe(true);
    expect(await bmc.ipmitool('power', 'status')).toMatch(/Chassis Power is on/);
    await client.withSession(target(), (s) => chassisControl(s, ChassisControl.powerDown));
    expect(bmc.power()).toBe('off');
    expect(await bmc.ipmitool('power', 'status')).toMatch(/Chassis Power is off/);
  });

  it('sets the boot device; ipmitool and the BMC agree', async () => {
    const bmc = fleet.bmcs[0]!;
    await client.withSession(target(), (s) => setBootFlags(s, { device: 'cdrom', persistent: false, efi: false }));
    expect(bmc.boot()).toBe('cdrom');
    const flags = await client.withSession(target(), (s) => getBootFlags(s));
    expect(flags.device).toBe('cdrom');
    expect(await bmc.ipmitool('chassis', 'bootparam', 'get', '5')).toMatch(/Force Boot from CD\/DVD/);
  });

  it('Chassis Identify: ipmi_sim answers 0xFF, and so it does to ipmitool', async () => {
    const err = await client.withSession(target(), (s) => chassisIdentify(s, 5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiCompletionCodeError);
    expect((err as IpmiCompletionCodeError).completionCode).toBe(0xff);
    await expect(fleet.bmcs[0]!.ipmitool('chassis', 'identify', '5')).rejects.toThrow(/Unspecified error/);
  });

  it('sensors: ipmi_sim has no SDRs, so the list is empty', async () => {
    expect(await client.withSession(target(), (s) => readAllSensors(s))).toEqual([]);
  });

  it('without cipher suite discovery, falls back from 17 to 3 via Open Session status', async () => {
    const c = new IpmiClient({ timeoutMs: 300, retries: 1, discoverCipherSuites: false });
    try {
      const id = await c.withSession(target(1), (s) => getDeviceId(s));
      expect(id.manufacturerId).toBe(0x1291);
    } finally {
      await c.close();
    }
  });

  it('Get Channel Cipher Suites works inside a session', async () => {
    const suites = await client.withSession(target(), (s) => getChannelCipherSuites(s));
    expect(suites.map((s) => s.id)).toContain(3);
  });

  it('wrong password is an authentication error', async () => {
    await expect(client.withSession(target(1, { password: 'wrong' }), (s) => getDeviceId(s))).rejects.toBeInstanceOf(IpmiAuthenticationError);
  });

  it('unknown user is an authentication error', async () => {
    await expect(client.withSession(target(1, { username: 'nobody' }), (s) => getDeviceId(s))).rejects.toBeInstanceOf(IpmiAuthenticationError);
  });

  it('suite 17 only: unsupported cipher error', async () => {
    await expect(client.withSession(target(1, { cipherSuite: 17 }), (s) => getDeviceId(s))).rejects.toBeInstanceOf(IpmiUnsupportedCipherError);
  });

  it('wrong port: timeout error', async () => {
    const err = await client.withSession({ ...target(), port: 9 }, (s) => getDeviceId(s)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiTimeoutError);
  });
});
