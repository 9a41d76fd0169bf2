// Scrape time of /metrics at 10,000 nodes (prints numbers; nothing is asserted).
// Usage: pnpm build && node packages/metrics/bench/scrape.mjs [nodes]
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { createConductor, InProcessTransport } from '@ferric/conductor';
import { FerricMetrics } from '@ferric/metrics';
import { pino } from 'pino';

const count = Number(process.argv[2] ?? 10_000);
const conductor = createConductor({
  database: { sqlite: ':memory:' },
  logger: pino({ level: 'silent' }),
  transport: new InProcessTransport(),
  config: { host: 'scrape-bench', syncPowerStateInterval: 3600 },
});
await conductor.start();
let t = performance.now();
for (let i = 0; i < count; i++)
  await conductor.rpc.createNode({ node: { name: `n${i}`, driver: 'fake-hardware' } });
console.log(`created ${count} nodes in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const metrics = new FerricMetrics();
metrics.observeConductor(conductor);
t = performance.now();
metrics.observeInventory(conductor.inventory, { events: conductor.events, recountInterval: 3600 });
await metrics.settled();
console.log(`recount of ${metrics.nodes.size} nodes: ${(performance.now() - t).toFixed(1)} ms`);

for (let i = 0; i < 20; i++) await metrics.scrape(); // warm-up
const times = [];
let bytes = 0;
for (let i = 0; i < 200; i++) {
  const s = performance.now();
  bytes = (await metrics.scrape()).length;
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
console.log(
  `scrape at ${count} nodes (${bytes} bytes, 200 scrapes): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`,
);
metrics.close();
await conductor.stop();
