/**
 * Power-sync benchmark (not a test): one power-state read pass over N emulated BMCs
 * (default 1,000, each answering with 20 ms of latency), at several bounded
 * concurrencies, as the conductor's `_sync_power_states` does. Prints pass times.
 *
 *   pnpm --filter @ferric/drivers-redfish bench
 *   BENCH_BMCS=200 BENCH_CONCURRENCY=8,64 pnpm --filter @ferric/drivers-redfish bench
 */

import { startFleet } from '@ferric/bmc-emulator';
import { corePlugin, DriverFactory, DriverRegistry } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { it } from 'vitest';
import { closeRedfishClients, redfishPlugin } from '../src/index.js';

const COUNT = Number(process.env.BENCH_BMCS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '8,64,256').split(',').map(Number);

/** Run `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

it(`power-sync pass over ${COUNT} emulated BMCs with ${LATENCY_MS} ms latency`, async () => {
  const t0 = performance.now();
  const fleet = await startFleet({ count: COUNT, faults: { latencyMs: LATENCY_MS }, initialPower: 'On' });
  console.log(`fleet of ${COUNT} BMCs listening in ${(performance.now() - t0).toFixed(0)} ms`);
  try {
    const registry = new DriverRegistry().use(corePlugin).use(redfishPlugin);
    const driver = new DriverFactory(registry).buildDriver({ driver: 'redfish' } as never);
    const tasks = fleet.bmcs.map((bmc) =>
      createTestTask(
        {
          driver: 'redfish',
          driverInfo: {
            redfish_address: bmc.url,
            redfish_system_id: bmc.systemPath,
            redfish_username: bmc.username,
            redfish_password: bmc.password,
          },
        },
        { driver },
      ),
    );
    const rows: string[] = [];
    for (const limit of CONCURRENCY) {
      await closeRedfishClients();
      for (const pass of ['cold (login + connect)', 'warm (keep-alive, session)']) {
        let on = 0;
        let failed = 0;
        const start = performance.now();
        await pool(tasks, limit, async (task) => {
          try {
            if ((await driver.power.getPowerState(task)) === 'power on') on++;
          } catch {
            failed++;
          }
        });
        const ms = performance.now() - start;
        rows.push(
          `concurrency ${String(limit).padStart(4)}  ${pass.padEnd(27)}  ${ms.toFixed(0).padStart(6)} ms  ${((COUNT / ms) * 1000).toFixed(0).padStart(6)} nodes/s  on=${on} failed=${failed}`,
        );
      }
    }
    console.log(
      `\npower-sync pass, ${COUNT} BMCs, ${LATENCY_MS} ms latency per request:\n${rows.join('\n')}\n`,
    );
  } finally {
    await closeRedfishClients();
    await fleet.close();
  }
});
