/**
 * `@ferric/bench`: Ferric's benchmark suite behind `pnpm bench` — the REST lifecycle against any
 * Ironic-compatible URL, API reads with wrk, power-sync passes, memory, the conductor without HTTP, the
 * drivers' own benchmarks, and a side-by-side run against OpenStack Ironic. Benchmarks report numbers;
 * nothing here asserts timings.
 * @packageDocumentation
 */

// the conductor's drivers use decorators that need the Reflect metadata polyfill loaded first
import 'reflect-metadata';

export { type BenchOptions, parseBenchArgs, SCENARIOS, type Scenario, USAGE } from './args.js';
export { compareTargets, TRANSITION_PHASES, transitionsPerSecond } from './compare.js';
export { bucketOf, summarizeCpuProfile } from './cpu-profile.js';
export {
  type FerricServer,
  type FerricServerOptions,
  ferricServeAvailable,
  startFerricServer,
} from './ferric-server.js';
export {
  BenchHttpError,
  IronicClient,
  type IronicClientOptions,
  type JsonResponse,
  mapLimit,
} from './http-client.js';
export { type InProcessOptions, measureInProcess } from './in-process.js';
export { DEFAULT_IRONIC_DIR, type IronicHarness, startIronic } from './ironic-harness.js';
export { discoverVersion, type LifecycleOptions, listAll, runLifecycle } from './lifecycle.js';
export { currentLoad, machineInfo } from './machine.js';
export { comparisonMarkdown, comparisonSummaryMarkdown, renderMarkdown } from './markdown.js';
export type * from './model.js';
export { measurePowerSync, type PowerSyncOptions } from './power-sync.js';
export { memoryOf, processTree, treeCpuSeconds, treeRssMiB } from './proc.js';
export { measureReads, type ReadOptions } from './reads.js';
export { writeReport } from './report.js';
export { median, percentile, summarize } from './stats.js';
export { driverSubBenchmarks, runSubBenchmark, type SubBenchmark } from './sub-benchmarks.js';
export { checkTargets, type TargetCheck } from './targets.js';
export { haveWrk, parseWrk, runWrk, type WrkOptions, type WrkOutput, wrkScript } from './wrk.js';
