// Behaviours of real Redfish services the driver must survive, taught to the
// emulator as quirks and faults: no SessionService, System aliases answered with
// redirects, error bodies whose ExtendedInfo has no Message, 5xx on actions, and
// HTTPS pointed at a plain-HTTP BMC.
import type { SimulatedMachine } from '@ferric/bmc-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getRedfishClient,
  parseDriverInfo,
  RedfishAuthenticationError,
  RedfishConnectionError,
  RedfishError,
} from '../src/index.js';
import { driverInfoOf, fastSettings, fleet, redfishTask, stopAll } from './helpers.js';

describe('Redfish interoperability quirks', () => {
  beforeAll(fastSettings);
  afterAll(stopAll);

  it('no SessionService and a 401 on session login: falls back to HTTP Basic (as sushy does)', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 40, quirks: { noSessionService: true } })).bmcs;
    const task = redfishTask(bmc!);
    expect(await task.driver.power.getPowerState(task)).toBe('power off');
    await task.driver.power.setPowerState(task, 'power on');
    expect(await bmc!.machine.powerState()).toBe('On');
    expect(getRedfishClient(parseDriverInfo(task.node.driverInfo)).authKind).toBe('basic');
  });

  it('no SessionService and a wrong password: still an authentication error', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 41, quirks: { noSessionService: true } })).bmcs;
    const task = redfishTask(bmc!, { redfish_password: 'wrong' });
    const error = await task.driver.power.getPowerState(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishAuthenticationError);
    expect((error as Error).message).not.toContain('wrong');
  });

  it('follows a same-origin redirect of a System alias for reads; actions go to the canonical URI', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 42 })).bmcs;
    bmc!.quirks.redirects = [{ path: '/redfish/v1/Systems/Self', location: bmc!.systemPath }];
    const task = redfishTask(bmc!, { redfish_system_id: '/redfish/v1/Systems/Self' });
    expect(await task.driver.power.getPowerState(task)).toBe('power off');
    await task.driver.power.setPowerState(task, 'power on');
    expect(await task.driver.power.getPowerState(task)).toBe('power on');
  });

  it('a redirect to another origin is an error that says where it pointed', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 43 })).bmcs;
    bmc!.quirks.redirects = [
      { path: bmc!.systemPath, location: `http://192.0.2.1:8000${bmc!.systemPath}`, status: 301 },
    ];
    const task = redfishTask(bmc!);
    const error = await task.driver.power.getPowerState(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as Error).message).toMatch(/redirect.*301.*http:\/\/192\.0\.2\.1:8000/i);
  });

  it("keeps the error's text when @Message.ExtendedInfo has no Message", async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 44, quirks: { terseExtendedInfo: true } })).bmcs;
    bmc!.faults.configure({ errorRate: 1, errorStatus: 400, pathPattern: /\/Systems\// });
    const task = redfishTask(bmc!);
    const error = await task.driver.power.getPowerState(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as Error).message).toMatch(/Injected fault: the BMC failed to process the request/);
    expect((error as RedfishError).messages[0]?.messageId).toMatch(/GeneralError/);
  });

  it('does not resend a Reset the BMC answered with a 5xx (POST is not idempotent); GETs are retried', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 45 })).bmcs;
    const task = redfishTask(bmc!);
    bmc!.faults.burst(1, 503); // the GET of the system: retried
    expect(await task.driver.power.getPowerState(task)).toBe('power off');
    bmc!.faults.configure({ errorRate: 1, errorStatus: 500, pathPattern: /ComputerSystem\.Reset$/ });
    const error = await task.driver.power.setPowerState(task, 'power on').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect(bmc!.faults.counts.failed).toBe(2); // the burst GET and one POST, not five
    bmc!.faults.clear();
    expect((bmc!.machine as SimulatedMachine).events).toEqual([]);
  });

  it('https:// against a plain-HTTP BMC suggests http://', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 46 })).bmcs;
    const address = bmc!.url.replace('http://', 'https://');
    const task = redfishTask(bmc!, { redfish_address: address, redfish_verify_ca: false });
    const error = await task.driver.power.getPowerState(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishConnectionError);
    expect((error as Error).message).toContain(`use ${bmc!.url}`);
    expect(driverInfoOf(bmc!).redfish_address).toBe(bmc!.url);
  });
});
