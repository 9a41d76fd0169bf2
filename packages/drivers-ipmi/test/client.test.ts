import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient } from '../src/client/client.js';
import { getChannelCipherSuites, getDeviceId } from '../src/commands/app.js';
import { getBootFlags, setBootFlags } from '../src/commands/boot.js';
import {
  ChassisControl,
  chassisControl,
  chassisIdentify,
  getChassisStatus,
} from '../src/commands/chassis.js';
import { readAllSensors } from '../src/commands/sensors.js';
import {
  IpmiAuthenticationError,
  IpmiCompletionCodeError,
  IpmiTimeoutError,
  IpmiUnsupportedCipherError,
} from '../src/errors.js';
import { haveIpmiSim, SIM_PASSWORD, SIM_USER, SimFleet } from './harness/ipmi-sim.js';
import { eventually } from './helpers.js';

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
  const target = (i = 0, extra = {}) => ({
    host: '127.0.0.1',
    port: fleet.bmcs[i]!.port,
    username: SIM_USER,
    password: SIM_PASSWORD,
    ...extra,
  });

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

  it('hard reset is a pulse: the BMC logs it and power stays on', async () => {
    const bmc = fleet.bmcs[0]!;
    bmc.setPower('on');
    await client.withSession(target(), (s) => chassisControl(s, ChassisControl.hardReset));
    expect(bmc.events().at(-1)).toBe('reset 1');
    expect(await bmc.ipmitool('power', 'status')).toMatch(/Chassis Power is on/);
  });

  it('power cycle: ipmi_sim powers off, then on again a moment later', async () => {
    const bmc = fleet.bmcs[0]!;
    bmc.setPower('on');
    const before = bmc.events().length;
    await client.withSession(target(), (s) => chassisControl(s, ChassisControl.powerCycle));
    await eventually(() => bmc.events().slice(before).join(',') === 'power 0,power 1', 'cycle completes');
    expect(await bmc.ipmitool('power', 'status')).toMatch(/Chassis Power is on/);
  });

  it('soft-off asks the OS for an ACPI shutdown', async () => {
    const bmc = fleet.bmcs[0]!;
    await client.withSession(target(), (s) => chassisControl(s, ChassisControl.softOff));
    expect(bmc.events().at(-1)).toBe('shutdown 1');
    expect((await client.withSession(target(), (s) => getChassisStatus(s))).powerOn).toBe(false);
    expect(await bmc.ipmitool('power', 'status')).toMatch(/Chassis Power is off/);
  });

  it('sets the boot device; ipmitool and the BMC agree', async () => {
    const bmc = fleet.bmcs[0]!;
    await client.withSession(target(), (s) =>
      setBootFlags(s, { device: 'cdrom', persistent: false, efi: false }),
    );
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
    await expect(
      client.withSession(target(1, { password: 'wrong' }), (s) => getDeviceId(s)),
    ).rejects.toBeInstanceOf(IpmiAuthenticationError);
  });

  it('unknown user is an authentication error', async () => {
    await expect(
      client.withSession(target(1, { username: 'nobody' }), (s) => getDeviceId(s)),
    ).rejects.toBeInstanceOf(IpmiAuthenticationError);
  });

  it('suite 17 only: unsupported cipher error', async () => {
    await expect(
      client.withSession(target(1, { cipherSuite: 17 }), (s) => getDeviceId(s)),
    ).rejects.toBeInstanceOf(IpmiUnsupportedCipherError);
  });

  it('session bound: with maxSessions 1, two BMCs still both get served (idle session evicted)', async () => {
    const c = new IpmiClient({ timeoutMs: 300, retries: 1, maxSessions: 1 });
    try {
      const [a, b] = await Promise.all([
        c.withSession(target(0), (s) => getDeviceId(s)),
        c.withSession(target(1), (s) => getDeviceId(s)),
      ]);
      expect(a.productId).toBe(b.productId);
      expect(c.openSessions).toBe(1);
    } finally {
      await c.close();
    }
  });

  it('re-establishes a session the BMC forgot (closed behind our back)', async () => {
    const c = new IpmiClient({ timeoutMs: 200, retries: 1 });
    try {
      let first: import('../src/commands/runner.js').CommandRunner | undefined;
      await c.withSession(target(1), async (s) => {
        first = s;
        return getDeviceId(s);
      });
      // Close the session on the BMC side only; the pool still holds it.
      await (first as unknown as { close(): Promise<void> }).close();
      expect((await c.withSession(target(1), (s) => getDeviceId(s))).manufacturerId).toBe(0x1291);
    } finally {
      await c.close();
    }
  });

  it('closes idle sessions (Close Session) and keeps busy ones; keep-alive does not break reuse', async () => {
    const c = new IpmiClient({ timeoutMs: 300, retries: 1, idleTimeoutMs: 1500, keepAliveIntervalMs: 1000 });
    try {
      await c.withSession(target(1), (s) => getDeviceId(s));
      expect(c.openSessions).toBe(1);
      await eventually(() => c.openSessions === 0, 'idle session closed', 100, 100);
      // A fresh session is opened transparently afterwards.
      expect((await c.withSession(target(1), (s) => getDeviceId(s))).productId).toBe(0x0f02);
    } finally {
      await c.close();
    }
  });

  it('ASF presence ping times out as a typed error when nothing answers', async () => {
    const c = new IpmiClient({ timeoutMs: 100, retries: 0 });
    try {
      await expect(c.ping('127.0.0.1', 9)).rejects.toBeInstanceOf(IpmiTimeoutError);
    } finally {
      await c.close();
    }
  });

  it('wrong port: timeout error', async () => {
    const err = await client
      .withSession({ ...target(), port: 9 }, (s) => getDeviceId(s))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiTimeoutError);
  });
});
