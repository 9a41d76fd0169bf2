import type { SimulatedMachine } from '@ferric/bmc-emulator';
import { MissingParameterValue, PowerStateFailure } from '@ferric/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedfishAuthenticationError, RedfishConnectionError } from '../src/index.js';
import { fastSettings, fleet, redfishTask, stopAll } from './helpers.js';

describe('redfish power against the emulator', () => {
  beforeAll(fastSettings);
  afterAll(stopAll);

  it('powers on, off, reboots, soft-reboots and soft-powers-off, waiting for the BMC', async () => {
    const [bmc] = (await fleet({ count: 1 })).bmcs;
    const task = redfishTask(bmc!);
    const power = task.driver.power;
    expect(await power.getPowerState(task)).toBe('power off');
    await power.setPowerState(task, 'power on');
    expect(await power.getPowerState(task)).toBe('power on');
    await power.reboot(task);
    expect(await power.getPowerState(task)).toBe('power on');
    await power.setPowerState(task, 'soft rebooting');
    await power.setPowerState(task, 'soft power off');
    expect(await power.getPowerState(task)).toBe('power off');
    await power.setPowerState(task, 'power on');
    await power.setPowerState(task, 'power off');
    expect(await power.getPowerState(task)).toBe('power off');
    const kinds = (bmc!.machine as SimulatedMachine).events.map(
      (e) => `${e.kind}:${e.kind === 'power-off' ? e.detail.mode : (e.detail.restart ?? '')}`,
    );
    expect(kinds).toEqual([
      'power-on:',
      'reboot:force',
      'reboot:graceful',
      'power-off:graceful',
      'power-on:',
      'power-off:force',
    ]);
    expect(await power.getSupportedPowerStates(task)).toContain('soft power off');
  });

  it('waits for a slow power transition', async () => {
    const [bmc] = (await fleet({ count: 1, powerDelayMs: 600, firstIndex: 10 })).bmcs;
    const task = redfishTask(bmc!);
    await task.driver.power.setPowerState(task, 'power on', { timeout: 10 });
    // The action returned only once the (late) transition landed.
    expect(await bmc!.machine.powerState()).toBe('On');
  });

  it('fails with PowerStateFailure when the BMC does not get there in time', async () => {
    const [bmc] = (await fleet({ count: 1, powerDelayMs: 5000, firstIndex: 11 })).bmcs;
    const task = redfishTask(bmc!);
    const error = await task.driver.power
      .setPowerState(task, 'power on', { timeout: 0.3 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerStateFailure);
    expect((error as Error).message).toMatch(/still reports Off/);
  });

  it('honours power_state_change_timeout from driver_info', async () => {
    const [bmc] = (await fleet({ count: 1, powerDelayMs: 5000, firstIndex: 12 })).bmcs;
    const task = redfishTask(bmc!, { power_state_change_timeout: 0.2 });
    await expect(task.driver.power.setPowerState(task, 'power on')).rejects.toBeInstanceOf(PowerStateFailure);
  });

  it('works through 5xx bursts, dropped connections and expired sessions', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 13 })).bmcs;
    const task = redfishTask(bmc!);
    expect(await task.driver.power.getPowerState(task)).toBe('power off');
    bmc!.faults.burst(2, 503);
    bmc!.expireSessions();
    await task.driver.power.setPowerState(task, 'power on');
    bmc!.faults.dropNext(2);
    expect(await task.driver.power.getPowerState(task)).toBe('power on');
    expect(bmc!.faults.counts.failed).toBe(2);
    expect(bmc!.faults.counts.dropped).toBe(2);
  });

  it('discovers the system when redfish_system_id is absent', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 14 })).bmcs;
    const task = redfishTask(bmc!, { redfish_system_id: null });
    expect(await task.driver.power.getPowerState(task)).toBe('power off');
  });

  it('names wrong credentials and unreachable BMCs clearly', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 15 })).bmcs;
    const wrong = redfishTask(bmc!, { redfish_password: 'not-the-password' });
    const error = await wrong.driver.power.getPowerState(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishAuthenticationError);
    expect((error as Error).message).not.toContain('not-the-password');
    const gone = redfishTask(bmc!, { redfish_address: 'http://127.0.0.1:1', redfish_connection_attempts: 2 });
    await expect(gone.driver.power.getPowerState(gone)).rejects.toBeInstanceOf(RedfishConnectionError);
  });

  it('accepts Metal3-style addresses naming the system', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 16 })).bmcs;
    const port = new URL(bmc!.url).port;
    for (const scheme of ['redfish+http', 'redfish-virtualmedia+http']) {
      const task = redfishTask(bmc!, {
        redfish_address: `${scheme}://127.0.0.1:${port}${bmc!.systemPath}`,
        redfish_system_id: null,
      });
      task.driver.power.validate(task);
      expect(await task.driver.power.getPowerState(task)).toBe('power off');
    }
  });

  it('needs redfish_system_id when one service holds several systems', async () => {
    const f = await fleet({ count: 2, singlePort: 0, firstIndex: 17 });
    const [a, b] = f.bmcs;
    const ambiguous = redfishTask(a!, { redfish_system_id: null });
    const error = await ambiguous.driver.power.getPowerState(ambiguous).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingParameterValue);
    expect((error as Error).message).toContain(b!.systemPath);
    const task = redfishTask(b!, { redfish_system_id: b!.systemId });
    await task.driver.power.setPowerState(task, 'power on');
    expect(await b!.machine.powerState()).toBe('On');
    expect(await a!.machine.powerState()).toBe('Off');
  });
});
