/**
 * The report model: everything a benchmark run measured, as written to `bench/results/<run>.json` and
 * rendered to Markdown. Plain data only (no classes), so reports from older runs stay readable.
 */

/** Where and under which conditions a run happened. */
export interface MachineInfo {
  hostname: string;
  cpuModel: string;
  /** Logical CPUs Node sees (`os.availableParallelism()`). */
  cores: number;
  totalMemMiB: number;
  os: string;
  node: string;
  v8: string;
  /** `git rev-parse --short HEAD` of the repository, when available. */
  gitCommit: string | null;
  /** 1/5/15-minute load averages when the run started. */
  loadAtStart: [number, number, number];
}

/** Latency distribution of a set of requests, milliseconds. */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One lifecycle phase (create, manage, …) of one target. */
export interface PhaseResult {
  phase: string;
  nodes: number;
  /**
   * State phases: from the phase's start until the last node reached the target state, by the server's
   * own `provision_updated_at` (same machine, same clock), so the client's poll interval does not round
   * it up; create/delete: until every request was answered.
   */
  seconds: number;
  /** State phases: wall time until the client's polls saw every node settled (≥ `seconds`). */
  observedSeconds?: number;
  /** Wall time until every request was accepted (state phases only). */
  acceptSeconds?: number;
  /** `nodes / seconds`. */
  nodesPerSecond: number;
  requests: number;
  retries: number;
  errors: number;
  /** Latency of the phase's own requests (not the polls), retries included in each request's time. */
  latency: LatencySummary;
  /** Number of list polls used to detect the settled state. */
  polls?: number;
  /** CPU seconds the server processes used during the phase, when their pids are known. */
  serverCpuSeconds?: number;
  /** 1-minute load average when the phase ended. */
  load1: number;
}

/** The REST lifecycle of one target at one N. */
export interface LifecycleResult {
  target: string;
  url: string;
  serverName: string | null;
  microversion: string | null;
  nodes: number;
  concurrency: number;
  pollMs: number;
  phases: PhaseResult[];
  /** Resident memory of the server process(es) sampled after create (nodes present), MiB. */
  rssAfterCreateMiB?: number;
  errors: string[];
}

/** GET throughput measured by the load generator. */
export interface ReadResult {
  target: string;
  /** What was requested, e.g. `GET /v1/nodes/{id}`. */
  request: string;
  nodes: number;
  tool: string;
  connections: number;
  threads: number;
  durationSeconds: number;
  requestsPerSecond: number;
  /** Requests that did not answer 2xx/3xx. */
  non2xx: number;
  socketErrors: number;
  latency: { p50: number; p90: number; p99: number };
  load1: number;
}

/** Sequential full-list timings (one client, no concurrency), milliseconds per full list. */
export interface ListTiming {
  target: string;
  request: string;
  nodes: number;
  /** Pages fetched per full list (`limit` ≤ 1000 each, following `next`). */
  pages: number;
  reps: number;
  latency: LatencySummary;
}

/** One power-sync configuration. */
export interface PowerSyncResult {
  nodes: number;
  /** `driver_info.fake_latency_ms` of every node (the pretend BMC's answer time). */
  bmcLatencyMs: number;
  workers: number;
  /** Durations of consecutive full passes, milliseconds. */
  passesMs: number[];
  /** `nodes × latency / workers`: the floor set by the BMCs and the worker count. */
  idealMs: number;
  /** `nodes / median pass seconds`. */
  nodesPerSecond: number;
  load1: number;
}

/** The conductor driven in-process (no HTTP): its own ceiling for state transitions. */
export interface InProcessResult {
  nodes: number;
  phases: { phase: string; seconds: number; nodesPerSecond: number; retries: number }[];
}

/** Resident memory of the all-in-one process with N nodes. */
export interface MemoryResult {
  target: string;
  nodes: number;
  /** Steady state: `VmRSS` after creating the nodes, one sequential detailed full list and 2 s, MiB. */
  rssMiB: number;
  /** `VmHWM` (peak RSS) at the end of the read benchmarks (32 concurrent full-page lists included), MiB. */
  peakRssMiB: number;
  /** `VmRSS` right after the read benchmarks (the heap V8 kept after them), MiB. */
  afterReadsRssMiB?: number;
  /** The idle process before any node existed, MiB. */
  baselineRssMiB: number;
  /**
   * `VmRSS` sampled every 0.5 s while the client drove the N nodes through the state phases and deleted
   * them: one sample catches a moment of V8's collection cycle, the median is what the process holds
   * working with N nodes, MiB.
   */
  underLoadRssMiB?: { median: number; max: number; samples: number };
}

/** A driver package's own benchmark, run as a sub-benchmark. */
export interface SubBenchmarkResult {
  name: string;
  command: string;
  exitCode: number | null;
  seconds: number;
  /** Its standard output (trimmed), quoted verbatim in the Markdown report. */
  output: string;
  skipped?: string;
}

/** Top self-time functions of a CPU profile. */
export interface ProfileSummary {
  label: string;
  file: string;
  totalMs: number;
  top: { functionName: string; location: string; selfMs: number; percent: number }[];
  /** Self time grouped by bucket (DB, JSON, HTTP, GC, idle, other), percent of non-idle. */
  buckets: Record<string, number>;
}

/** Ferric/Ironic ratio of one phase. */
export interface Comparison {
  nodes: number;
  phase: string;
  metric: string;
  ferric: number;
  ironic: number;
  /** `ferric / ironic` for rates (higher is better). */
  ratio: number;
}

/** A whole run. */
export interface BenchReport {
  tool: '@ferric/bench';
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  settings: Record<string, unknown>;
  lifecycle: LifecycleResult[];
  reads: ReadResult[];
  lists: ListTiming[];
  powerSync: PowerSyncResult[];
  inProcess: InProcessResult[];
  memory: MemoryResult[];
  subBenchmarks: SubBenchmarkResult[];
  profiles: ProfileSummary[];
  comparisons: Comparison[];
  /** Things that were skipped or failed, in words. */
  notes: string[];
}
