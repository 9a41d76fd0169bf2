import { PowerState } from '@ferric/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedIpmiClients } from '../src/native-backend.js';
import { haveIpmiSim, SimFleet } from './harness/ipmi-sim.js';
import { ipmiDriver, taskFor } from './helpers.js';

const N = 50;
/** 50 ipmi_sim processes fork a shell script per chassis command: on a loaded 2-core machine 300 ms is too short
 * (and the whole test can take minutes when other suites share the cores). */
const task = (b: Parameters<typeof taskFor>[0]) => taskFor(b, { ipmi_request_timeout: 1 });

/** Run `fn` over `items` with at most `limit` in flight (ipmitool processes are heavy on 2 cores). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

describe.skipIf(!haveIpmiSim())(`${N} BMCs driven concurrently`, () => {
  let fleet: SimFleet;
  beforeAll(async () => {
    fleet = await SimFleet.start(N);
  }, 60_000);
  afterAll(async () => {
    await closeSharedIpmiClients();
    await fleet?.stop();
  });

  it('powers all on at once, reads them back, and ipmitool agrees on each', {
    timeout: 180_000,
  }, async () => {
    const { power, management } = ipmiDriver();
    await Promise.all(fleet.bmcs.map((b) => power.setPowerState(task(b), PowerState.ON)));
    expect(fleet.bmcs.every((b) => b.power() === 'on')).toBe(true);
    const states = await Promise.all(fleet.bmcs.map((b) => power.getPowerState(task(b))));
    expect(new Set(states)).toEqual(new Set([PowerState.ON]));

    // Alternate boot devices so a mix-up between BMCs would show.
    await Promise.all(fleet.bmcs.map((b, i) => management.setBootDevice(task(b), i % 2 ? 'pxe' : 'cdrom')));
    expect(fleet.bmcs.map((b) => b.boot())).toEqual(fleet.bmcs.map((_, i) => (i % 2 ? 'pxe' : 'cdrom')));

    const outputs = await mapLimit(fleet.bmcs, 4, (b) => b.ipmitool('power', 'status'));
    expect(outputs.every((o) => /Chassis Power is on/.test(o))).toBe(true);
    const bootParams = await mapLimit(fleet.bmcs, 4, (b) => b.ipmitool('chassis', 'bootparam', 'get', '5'));
    expect(bootParams.map((o) => /Force PXE/.test(o))).toEqual(fleet.bmcs.map((_, i) => i % 2 === 1));

    await Promise.all(fleet.bmcs.map((b) => power.setPowerState(task(b), PowerState.OFF)));
    expect(fleet.bmcs.every((b) => b.power() === 'off')).toBe(true);
    const after = await mapLimit(fleet.bmcs, 4, (b) => b.ipmitool('power', 'status'));
    expect(after.every((o) => /Chassis Power is off/.test(o))).toBe(true);
  });
});
