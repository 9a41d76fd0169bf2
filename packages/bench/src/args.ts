import { parseArgs } from 'node:util';

/** Scenarios the suite can run (`--only`). */
export const SCENARIOS = ['lifecycle', 'power-sync', 'in-process', 'drivers'] as const;
/** One scenario name. */
export type Scenario = (typeof SCENARIOS)[number];

/** Parsed `pnpm bench` options. */
export interface BenchOptions {
  /** Lifecycle sizes (each on a fresh `ferric serve`): reads and memory are measured at each. */
  sizes: number[];
  concurrency: number;
  /** Microversion every request sends (`auto` = server maximum; with `--compare-ironic` 1.78 for both). */
  microversion: string;
  compareIronic: boolean;
  /** Ironic is run only at sizes ≤ this (its lifecycle at 10,000 nodes takes most of an hour). */
  ironicMaxNodes: number;
  ironicDir: string;
  pollMs: number;
  phaseTimeoutSeconds: number;
  readSeconds: number;
  readConnections: number;
  wrkThreads: number;
  listReps: number;
  powerSyncSizes: number[];
  powerSyncLatencies: number[];
  powerSyncWorkers: number[];
  powerSyncPasses: number;
  inProcessSizes: number[];
  driverBmcs: number;
  driverTimeoutSeconds: number;
  cpuProf: boolean;
  /** Extra `node` options for the `ferric serve` process (e.g. `--max-semi-space-size=8`); none by default. */
  serverNodeOptions: string[];
  only: Scenario[];
  /** Wait (bounded) for the 1-minute load to drop below this before each measured block; 0 = don't. */
  waitLoad: number;
  waitLoadMaxSeconds: number;
  outDir: string | null;
  /** Also write `latest.json` / `latest.md` next to the timestamped report. */
  latest: boolean;
  help: boolean;
}

/** Usage text. */
export const USAGE = `pnpm bench [options]      Ferric's benchmark suite (numbers only, nothing asserted)

  --sizes 100,1000,10000          lifecycle sizes N (REST, fresh ferric serve each)
  --concurrency 16                client requests in flight (same for every target)
  --microversion auto             X-OpenStack-Ironic-API-Version: auto = the server's maximum
                                  (with --compare-ironic: 1.78, python-ironicclient's, for both)
  --compare-ironic                also run the same client against OpenStack Ironic (shared harness)
  --ironic-max-nodes 1000         run Ironic only at N ≤ this
  --ironic-dir DIR                the harness (default /work/shared/peers/ironic)
  --poll-ms 100                   minimum interval of settle polls
  --phase-timeout 1800            seconds per phase before giving up
  --read-seconds 10               wrk duration per read benchmark (0 = no reads)
  --read-connections 32           wrk connections
  --wrk-threads 1                 wrk threads
  --list-reps 5                   sequential full lists per kind
  --power-sync-sizes 100,1000,10000
  --power-sync-latency 0,20       fake BMC latency(s), ms
  --power-sync-workers 8,64       syncPowerStateWorkers value(s)
  --power-sync-passes 3
  --in-process-sizes 1000         conductor without HTTP (0 = skip)
  --driver-bmcs 100               BMCs for the IPMI driver's own benchmark
  --driver-timeout 600            seconds per driver sub-benchmark
  --cpu-prof                      write and summarise a CPU profile of ferric serve per size
  --server-node-options "…"       node options for ferric serve (default none), e.g. --max-semi-space-size=8
  --only lifecycle,power-sync,in-process,drivers
  --quick                         N=100, 3 s reads, power sync at 100: a smoke run
  --wait-load 2                   wait (≤ --wait-load-max s) for 1-min load below this before each block
  --wait-load-max 300
  --out DIR                       report directory (default bench/results; "-" = don't write)
  --no-latest                     don't update latest.json / latest.md
`;

const list = (v: string | undefined, def: number[]): number[] =>
  v === undefined
    ? def
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => {
          const n = Number(s.replace(/_/g, ''));
          if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${s}`);
          return n;
        });

const num = (v: string | undefined, def: number): number => {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${v}`);
  return n;
};

/** Parses the command line (throws on unknown options or bad numbers). */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    allowPositionals: false,
    options: {
      sizes: { type: 'string' },
      concurrency: { type: 'string' },
      microversion: { type: 'string' },
      'compare-ironic': { type: 'boolean' },
      'ironic-max-nodes': { type: 'string' },
      'ironic-dir': { type: 'string' },
      'poll-ms': { type: 'string' },
      'phase-timeout': { type: 'string' },
      'read-seconds': { type: 'string' },
      'read-connections': { type: 'string' },
      'wrk-threads': { type: 'string' },
      'list-reps': { type: 'string' },
      'power-sync-sizes': { type: 'string' },
      'power-sync-latency': { type: 'string' },
      'power-sync-workers': { type: 'string' },
      'power-sync-passes': { type: 'string' },
      'in-process-sizes': { type: 'string' },
      'driver-bmcs': { type: 'string' },
      'driver-timeout': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      'server-node-options': { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean' },
      'wait-load': { type: 'string' },
      'wait-load-max': { type: 'string' },
      out: { type: 'string' },
      'no-latest': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const quick = values.quick === true;
  const only = (values.only ?? SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of only)
    if (!(SCENARIOS as readonly string[]).includes(s))
      throw new Error(`unknown scenario "${s}" (one of ${SCENARIOS.join(', ')})`);
  return {
    sizes: list(values.sizes, quick ? [100] : [100, 1000, 10_000]).filter((n) => n > 0),
    concurrency: Math.max(1, num(values.concurrency, 16)),
    microversion: values.microversion ?? (values['compare-ironic'] === true ? '1.78' : 'auto'),
    compareIronic: values['compare-ironic'] === true,
    ironicMaxNodes: num(values['ironic-max-nodes'], 1000),
    ironicDir: values['ironic-dir'] ?? '/work/shared/peers/ironic',
    pollMs: num(values['poll-ms'], 100),
    phaseTimeoutSeconds: num(values['phase-timeout'], 1800),
    readSeconds: Math.max(1, num(values['read-seconds'], quick ? 3 : 10)),
    readConnections: Math.max(1, num(values['read-connections'], 32)),
    wrkThreads: Math.max(1, num(values['wrk-threads'], 1)),
    listReps: Math.max(1, num(values['list-reps'], quick ? 3 : 5)),
    powerSyncSizes: list(values['power-sync-sizes'], quick ? [100] : [100, 1000, 10_000]).filter(
      (n) => n > 0,
    ),
    powerSyncLatencies: list(values['power-sync-latency'], [0, 20]),
    powerSyncWorkers: list(values['power-sync-workers'], [8, 64]).filter((n) => n > 0),
    powerSyncPasses: Math.max(1, num(values['power-sync-passes'], quick ? 2 : 3)),
    inProcessSizes: list(values['in-process-sizes'], quick ? [100] : [1000]).filter((n) => n > 0),
    driverBmcs: Math.max(1, num(values['driver-bmcs'], quick ? 20 : 100)),
    driverTimeoutSeconds: num(values['driver-timeout'], 600),
    cpuProf: values['cpu-prof'] === true,
    serverNodeOptions: (values['server-node-options'] ?? '').split(/\s+/).filter(Boolean),
    only: only as Scenario[],
    waitLoad: num(values['wait-load'], 0),
    waitLoadMaxSeconds: num(values['wait-load-max'], 300),
    outDir: values.out === '-' ? null : (values.out ?? ''),
    latest: values['no-latest'] !== true,
    help: values.help === true,
  };
}
