import { PowerState } from '@ferric/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiAuthenticationError, IpmiCompletionCodeError, IpmiTimeoutError } from '../src/errors.js';
import { closeSharedIpmiClients } from '../src/native-backend.js';
import { haveIpmiSim, SimFleet } from './harness/ipmi-sim.js';
import { ipmiDriver, taskFor } from './helpers.js';

describe.skipIf(!haveIpmiSim())('ipmi hardware type against ipmi_sim', () => {
  let fleet: SimFleet;
  beforeAll(async () => {
    fleet = await SimFleet.start(2);
  });
  afterAll(async () => {
    await closeSharedIpmiClients();
    await fleet?.stop();
  });

  describe.each(['native', 'ipmitool'] as const)('ipmi_client=%s', (mode) => {
    const index = mode === 'native' ? 0 : 1;
    const bmc = () => fleet.bmcs[index]!;
    const task = () => taskFor(bmc(), { ipmi_client: mode });
    const { power, management } = ipmiDriver();

    it('power on, then status; ipmitool agrees', async () => {
      await power.setPowerState(task(), PowerState.ON);
      expect(bmc().power()).toBe('on');
      expect(await power.getPowerState(task())).toBe(PowerState.ON);
      expect(await bmc().ipmitool('power', 'status')).toMatch(/Chassis Power is on/);
    });

    it('power off; ipmitool agrees', async () => {
      await power.setPowerState(task(), PowerState.OFF);
      expect(bmc().power()).toBe('off');
      expect(await power.getPowerState(task())).toBe(PowerState.OFF);
      expect(await bmc().ipmitool('power', 'status')).toMatch(/Chassis Power is off/);
    });

    it('sees a change made behind its back', async () => {
      bmc().setPower('on');
      expect(await power.getPowerState(task())).toBe(PowerState.ON);
    });

    it('soft power off goes through ACPI shutdown', async () => {
      bmc().setPower('on');
      await power.setPowerState(task(), PowerState.SOFT_POWER_OFF);
      expect(bmc().events().at(-1)).toBe('shutdown 1');
      expect(await bmc().ipmitool('power', 'status')).toMatch(/Chassis Power is off/);
    });

    it('reboot is a verified off then on', async () => {
      bmc().setPower('on');
      const before = bmc().events().length;
      await power.reboot(task());
      expect(bmc().events().slice(before)).toEqual(['power 0', 'power 1']);
      expect(await bmc().ipmitool('power', 'status')).toMatch(/Chassis Power is on/);
    });

    it('soft reboot is ACPI off then on', async () => {
      const before = bmc().events().length;
      await power.setPowerState(task(), PowerState.SOFT_REBOOT);
      expect(bmc().events().slice(before)).toEqual(['shutdown 1', 'power 1']);
      expect(bmc().power()).toBe('on');
    });

    it('supports all Ironic power targets', async () => {
      expect(await power.getSupportedPowerStates(task())).toEqual(
        expect.arrayContaining([
          PowerState.ON,
          PowerState.OFF,
          PowerState.REBOOT,
          PowerState.SOFT_REBOOT,
          PowerState.SOFT_POWER_OFF,
        ]),
      );
    });

    it.each([
      ['pxe', 'pxe', /Force PXE/],
      ['cdrom', 'cdrom', /Force Boot from CD\/DVD/],
      ['bios', 'bios', /Force Boot into BIOS Setup/],
      ['disk', 'default', /Force Boot from default Hard-Drive/],
    ] as const)(
      'boot device %s: BMC stores %s, ipmitool reads it back',
      async (device, stored, ipmitoolText) => {
        await management.setBootDevice(task(), device, { persistent: true });
        expect(bmc().boot()).toBe(stored);
        // ipmi_sim keeps only the device and never marks the flags valid, so persistence is unknown.
        expect(await management.getBootDevice(task())).toEqual({ bootDevice: device, persistent: null });
        expect(await bmc().ipmitool('chassis', 'bootparam', 'get', '5')).toMatch(ipmitoolText);
      },
    );

    it('boot mode is unknown when the BMC does not mark the flags valid', async () => {
      expect(await management.getBootMode(task())).toBeNull();
    });

    it('safe mode is refused by ipmi_sim (ipmitool exits 0 but says "failed": still an error)', async () => {
      const before = bmc().boot();
      await expect(management.setBootDevice(task(), 'safe')).rejects.toThrow(
        /completion code 0xff|Unspecified error/,
      );
      expect(bmc().boot()).toBe(before);
    });

    it('NMI: ipmi_sim does not implement the diagnostic interrupt, ipmitool sees the same', async () => {
      const err = await management.injectNmi(task()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/0xcc|Invalid data field/);
      await expect(bmc().ipmitool('power', 'diag')).rejects.toThrow(/Invalid data field/);
    });

    it('sensors: none, because ipmi_sim has no SDRs', async () => {
      expect(await management.getSensorsData(task())).toEqual({});
    });

    it('wrong password: authentication error', async () => {
      const err = await power
        .getPowerState(taskFor(bmc(), { ipmi_client: mode, ipmi_password: 'wrong' }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IpmiAuthenticationError);
    });
  });

  it('native: wrong port is a timeout error with the configured attempts (bounded by the test timeout)', {
    timeout: 10_000,
  }, async () => {
    const { power } = ipmiDriver();
    const err = await power
      .getPowerState(taskFor({ port: 9 }, { ipmi_request_timeout: 0.2, ipmi_retries: 2 }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiTimeoutError);
    expect((err as IpmiTimeoutError).details).toMatchObject({ attempts: 3, timeoutMs: 200 });
    expect((err as IpmiTimeoutError).code).toBe('IpmiTimeout');
  });

  it('ipmitool mode: wrong port is a typed error too, diagnosed with one native attempt after ipmitool', {
    timeout: 30_000,
  }, async () => {
    const { power } = ipmiDriver();
    const err = await power
      .getPowerState(taskFor({ port: 9 }, { ipmi_client: 'ipmitool', ipmi_retries: 1 }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiTimeoutError);
    // ipmitool already waited its own schedule; the native diagnosis adds one request timeout, not a second schedule.
    expect((err as IpmiTimeoutError).details).toMatchObject({ attempts: 1 });
    expect((err as Error).message).toMatch(
      /ipmitool power status .*2 ipmitool attempts per probe, then 1 native/,
    );
  });

  it('completion codes carry their meaning', async () => {
    const { management } = ipmiDriver();
    const err = await management.injectNmi(taskFor(fleet.bmcs[0]!)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiCompletionCodeError);
    expect((err as IpmiCompletionCodeError).completionCode).toBe(0xcc);
    expect((err as Error).message).toMatch(/invalid data field in request/);
  });
});
