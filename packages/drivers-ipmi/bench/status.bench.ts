// Benchmark (not a test): power status of a fleet of ipmi_sim BMCs through the
// driver's two backends — the native RMCP+ client and the ipmitool binary —
// and the ratio. Run with `pnpm --filter @ferric/drivers-ipmi bench [N] [ipmitool concurrency]`.
// Ferric's decorators need the Reflect metadata polyfill before any driver module loads.
import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type IpmiDriverInfo, parseDriverInfo } from '../src/driver-info.js';
import { IpmitoolBackend } from '../src/ipmitool-backend.js';
import { closeSharedIpmiClients, NativeIpmiBackend } from '../src/native-backend.js';
import { haveIpmiSim, SIM_PASSWORD, SIM_USER, SimFleet } from '../test/harness/ipmi-sim.js';

const N = Number(process.argv[2] ?? 100);
// ipmitool is one process per call: bound how many run at once, as a conductor's worker pool would.
const CLI_CONCURRENCY = Number(process.argv[3] ?? availableParallelism() * 4);

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function timed(label: string, run: () => Promise<boolean[]>): Promise<number> {
  const start = performance.now();
  const states = await run();
  const ms = performance.now() - start;
  const on = states.filter(Boolean).length;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms total  ${(ms / states.length).toFixed(2).padStart(7)} ms/BMC  (${on} on, ${states.length - on} off)`,
  );
  return ms;
}

async function main(): Promise<void> {
  if (!haveIpmiSim()) {
    console.error('ipmi_sim/ipmitool missing: apt-get install -y openipmi ipmitool');
    process.exitCode = 1;
    return;
  }
  const fleet = await SimFleet.start(N);
  try {
    for (const [i, b] of fleet.bmcs.entries()) b.setPower(i % 3 === 0 ? 'on' : 'off');
    const infos: IpmiDriverInfo[] = fleet.bmcs.map((b) =>
      parseDriverInfo({
        ipmi_address: '127.0.0.1',
        ipmi_port: b.port,
        ipmi_username: SIM_USER,
        ipmi_password: SIM_PASSWORD,
        ipmi_cipher_suite: 3,
      }),
    );
    const native = new NativeIpmiBackend();
    const cli = new IpmitoolBackend();
    console.log(
      `power status of ${N} ipmi_sim BMCs on 127.0.0.1 (cipher suite 3), ${availableParallelism()} CPUs\n`,
    );
    const cold = await timed('native, all at once, new sessions', () =>
      Promise.all(infos.map((i) => native.isPoweredOn(i))),
    );
    const warm = await timed('native, all at once, sessions reused', () =>
      Promise.all(infos.map((i) => native.isPoweredOn(i))),
    );
    const tool = await timed(`ipmitool mode, ${CLI_CONCURRENCY} processes at a time`, () =>
      mapLimit(infos, CLI_CONCURRENCY, (i) => cli.isPoweredOn(i)),
    );
    console.log(
      `\nratio ipmitool / native: ${(tool / cold).toFixed(1)}x (new sessions), ${(tool / warm).toFixed(1)}x (reused sessions)`,
    );
  } finally {
    await closeSharedIpmiClients();
    await fleet.stop();
  }
}

await main();
