import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/args.js';
import { compareTargets, transitionsPerSecond } from '../src/compare.js';
import { renderMarkdown } from '../src/markdown.js';
import type { BenchReport, LifecycleResult, PhaseResult } from '../src/model.js';
import { percentile, summarize } from '../src/stats.js';
import { checkTargets } from '../src/targets.js';
import { parseWrk, wrkScript } from '../src/wrk.js';

// Pure logic only: benchmarks print numbers, nothing here measures or asserts timings.

const phase = (name: string, nodes: number, seconds: number): PhaseResult => ({
  phase: name,
  nodes,
  seconds,
  nodesPerSecond: nodes / seconds,
  requests: nodes,
  retries: 0,
  errors: 0,
  latency: summarize([1, 2, 3]),
  load1: 0.5,
});

const run = (target: string, nodes: number, secondsPerPhase: number): LifecycleResult => ({
  target,
  url: 'http://127.0.0.1:1',
  serverName: target,
  microversion: '1.82',
  nodes,
  concurrency: 16,
  pollMs: 100,
  phases: ['create', 'manage', 'provide', 'deploy', 'undeploy', 'delete'].map((p) =>
    phase(p, nodes, secondsPerPhase),
  ),
  errors: [],
});

describe('stats', () => {
  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
    expect(summarize([3, 1, 2])).toMatchObject({ count: 3, min: 1, max: 3, p50: 2, mean: 2 });
  });
});

describe('wrk', () => {
  it('parses a --latency report', () => {
    const out = parseWrk(`Running 2s test @ http://127.0.0.1:6385
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms  500.00us  12.00ms   90.00%
  Latency Distribution
     50%    1.95ms
     75%    2.20ms
     90%  800.00us
     99%    1.20s
  12345 requests in 2.00s, 10.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:   6172.50
Transfer/sec:      5.00MB
`);
    expect(out).toEqual({
      requestsPerSecond: 6172.5,
      non2xx: 4,
      socketErrors: 3,
      totalRequests: 12345,
      latency: { p50: 1.95, p90: 0.8, p99: 1200 },
    });
  });

  it('generates a round-robin Lua script with headers', () => {
    const lua = wrkScript(['/v1/nodes/a', '/v1/nodes/b'], { 'X-OpenStack-Ironic-API-Version': '1.82' });
    expect(lua).toContain('wrk.headers["X-OpenStack-Ironic-API-Version"] = "1.82"');
    expect(lua).toContain('"/v1/nodes/b"');
    expect(lua).toContain('function request()');
  });
});

describe('comparison and report', () => {
  it('computes Ferric ÷ Ironic ratios per phase and for all transitions', () => {
    const ferric = run('ferric', 100, 0.1);
    const ironic = run('ironic', 100, 10);
    expect(transitionsPerSecond(ferric)).toBeCloseTo(1000);
    const cmp = compareTargets([ferric, ironic], [], []);
    expect(cmp.find((c) => c.phase === 'manage')?.ratio).toBeCloseTo(100);
    expect(cmp.find((c) => c.phase === 'all transitions')?.ratio).toBeCloseTo(100);
    expect(compareTargets([ferric], [], [])).toEqual([]);
  });

  it('renders Markdown with the targets and the comparison table', () => {
    const lifecycle = [run('ferric', 100, 0.1), run('ironic', 100, 10)];
    const report: BenchReport = {
      tool: '@ferric/bench',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      machine: {
        hostname: 'h',
        cpuModel: 'cpu',
        cores: 2,
        totalMemMiB: 1024,
        os: 'Linux',
        node: 'v20',
        v8: '11',
        gitCommit: 'abc',
        loadAtStart: [0.5, 0.4, 0.3],
      },
      settings: { sizes: [100] },
      lifecycle,
      reads: [],
      lists: [],
      powerSync: [],
      inProcess: [],
      memory: [{ target: 'ferric', nodes: 10_000, rssMiB: 150, peakRssMiB: 160, baselineRssMiB: 80 }],
      subBenchmarks: [
        {
          name: 'drivers-x',
          command: 'x',
          exitCode: null,
          seconds: 0,
          output: '',
          skipped: 'no bench script yet',
        },
      ],
      profiles: [],
      comparisons: compareTargets(lifecycle, [], []),
      notes: ['a note'],
    };
    const checks = checkTargets(report);
    expect(checks.map((c) => c.met)).toEqual([true, null, null, true]);
    const md = renderMarkdown(report);
    expect(md).toContain('| 100 | all transitions | transitions/s |');
    expect(md).toContain('**100.0×**');
    expect(md).toContain('Skipped: no bench script yet.');
    expect(md).toContain('- a note');
  });
});

describe('arguments', () => {
  it('has defaults, --quick and lists', () => {
    expect(parseBenchArgs([]).sizes).toEqual([100, 1000, 10_000]);
    expect(parseBenchArgs(['--quick']).sizes).toEqual([100]);
    const o = parseBenchArgs([
      '--',
      '--compare-ironic',
      '--sizes',
      '1_000,10',
      '--only',
      'power-sync',
      '--out',
      '-',
    ]);
    expect(o).toMatchObject({ compareIronic: true, sizes: [1000, 10], only: ['power-sync'], outDir: null });
    expect(parseBenchArgs([]).microversion).toBe('auto');
    expect(parseBenchArgs(['--compare-ironic']).microversion).toBe('1.78');
    expect(() => parseBenchArgs(['--only', 'nope'])).toThrow(/unknown scenario/);
    expect(() => parseBenchArgs(['--sizes', 'x'])).toThrow(/not a number/);
  });
});
