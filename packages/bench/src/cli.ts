#!/usr/bin/env node
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchOptions, parseBenchArgs, USAGE } from './args.js';
import { compareTargets } from './compare.js';
import { summarizeCpuProfile } from './cpu-profile.js';
import {
  type FerricServer,
  ferricBin,
  ferricServeAvailable,
  launcherNodeOptions,
  startFerricServer,
} from './ferric-server.js';
import type { IronicClient } from './http-client.js';
import { measureInProcess } from './in-process.js';
import { type IronicHarness, startIronic } from './ironic-harness.js';
import { listAll, runLifecycle } from './lifecycle.js';
import { waitForQuietMachine } from './load.js';
import { currentLoad, gitPathState, machineInfo } from './machine.js';
import { comparisonSummaryMarkdown } from './markdown.js';
import type { BenchReport, MemoryResult } from './model.js';
import { measurePowerSync } from './power-sync.js';
import { memoryOf, treeRssMiB } from './proc.js';
import { measureReads } from './reads.js';
import { findRepoRoot } from './repo-root.js';
import { writeReport } from './report.js';
import { driverSubBenchmarks, runSubBenchmark } from './sub-benchmarks.js';
import { checkTargets } from './targets.js';
import { haveWrk } from './wrk.js';

const log = (msg: string) => process.stdout.write(`${msg}\n`);

/** Everything started by this run, stopped on exit or signal. */
const cleanups = new Set<() => Promise<void> | void>();

async function cleanupAll(): Promise<void> {
  for (const c of [...cleanups].reverse()) {
    try {
      await c();
    } catch (err) {
      log(`cleanup: ${(err as Error).message}`);
    }
  }
  cleanups.clear();
}

async function run(opts: BenchOptions): Promise<BenchReport> {
  const repoRoot = findRepoRoot();
  const work = mkdtempSync(join(tmpdir(), 'ferric-bench-work-'));
  cleanups.add(() => rmSync(work, { recursive: true, force: true }));
  const report: BenchReport = {
    tool: '@ferric/bench',
    startedAt: new Date().toISOString(),
    finishedAt: '',
    machine: machineInfo(repoRoot),
    settings: {
      sizes: opts.sizes,
      concurrency: opts.concurrency,
      microversion: opts.microversion,
      compareIronic: opts.compareIronic,
      ironicMaxNodes: opts.ironicMaxNodes,
      pollMs: opts.pollMs,
      readSeconds: opts.readSeconds,
      readConnections: opts.readConnections,
      wrkThreads: opts.wrkThreads,
      listReps: opts.listReps,
      powerSync: {
        sizes: opts.powerSyncSizes,
        latencyMs: opts.powerSyncLatencies,
        workers: opts.powerSyncWorkers,
        passes: opts.powerSyncPasses,
      },
      inProcessSizes: opts.inProcessSizes,
      only: opts.only,
      cpuProf: opts.cpuProf,
      serverNodeOptions: opts.serverNodeOptions,
      client: '@ferric/bench IronicClient (node:http keep-alive, retries 409/503/500-concurrent-limit)',
      ferricServer: `ferric serve (all-in-one, SQLite, log level warn; node ${launcherNodeOptions(ferricBin(repoRoot)).join(' ') || 'defaults'} from its launcher), fresh data directory per N`,
      code: Object.fromEntries(
        ['packages/api', 'packages/conductor', 'packages/core'].map((p) => [p, gitPathState(repoRoot, p)]),
      ),
      ironic: opts.compareIronic
        ? 'Ironic 21.4.4 harness: uwsgi 8×1 API, 1 conductor, SQLite, noauth, json-rpc'
        : null,
    },
    lifecycle: [],
    reads: [],
    lists: [],
    powerSync: [],
    inProcess: [],
    memory: [],
    subBenchmarks: [],
    profiles: [],
    comparisons: [],
    notes: [],
  };
  // a long run must not lose what it measured: rewrite the report (marked unfinished) after every block
  const checkpoint = () => {
    if (opts.outDir === null) return;
    const partial: BenchReport = {
      ...report,
      finishedAt: '(unfinished: checkpoint)',
      comparisons: compareTargets(report.lifecycle, report.reads, report.lists),
    };
    writeReport(partial, opts.outDir || join(repoRoot, 'bench', 'results'), false);
  };
  const note = (n: string) => {
    report.notes.push(n);
    log(`NOTE: ${n}`);
  };
  const quiet = async (what: string) => {
    const q = await waitForQuietMachine(opts.waitLoad, opts.waitLoadMaxSeconds * 1000, log);
    log(`== ${what} (load ${q.load1})`);
    if (!q.quiet) note(`${what}: started at 1-min load ${q.load1} (≥ ${opts.waitLoad}); figures are noisier`);
  };
  const wrk = haveWrk();
  if (!wrk) note('wrk not installed (apt-get install wrk): API read throughput skipped');

  if (opts.only.includes('lifecycle')) {
    const ferricOk = ferricServeAvailable(repoRoot);
    if (!ferricOk)
      note('ferric serve is not built (packages/api/dist/cli.js missing): Ferric REST phases skipped');
    let ironic: IronicHarness | null = null;
    let stopIronic: (() => Promise<void>) | null = null;
    for (const n of opts.sizes) {
      const targets: ('ferric' | 'ironic')[] = [];
      if (ferricOk) targets.push('ferric');
      if (opts.compareIronic) {
        if (n <= opts.ironicMaxNodes) targets.push('ironic');
        else
          note(
            `Ironic not run at N=${n} (> --ironic-max-nodes ${opts.ironicMaxNodes}; at ~15 transitions/s it would take ~${Math.round((n * 4) / 15 / 60)} min)`,
          );
      }
      for (const target of targets) {
        await quiet(`${target} lifecycle N=${n}`);
        let server: FerricServer | null = null;
        let stopServer: (() => Promise<void>) | null = null;
        let pids: number[];
        let url: string;
        let profDir: string | undefined;
        try {
          if (target === 'ferric') {
            profDir = opts.cpuProf ? mkdtempSync(join(work, 'prof-')) : undefined;
            server = await startFerricServer({
              repoRoot,
              log,
              ...(profDir ? { cpuProfDir: profDir } : {}),
              nodeOptions: opts.serverNodeOptions,
            });
            const s = server;
            stopServer = () => s.stop(5000);
            cleanups.add(stopServer);
            pids = [server.pid];
            url = server.url;
          } else {
            if (!ironic) {
              ironic = await startIronic(opts.ironicDir, log);
              const h = ironic;
              stopIronic = () => h.stop();
              cleanups.add(stopIronic);
            }
            pids = [ironic.pids.api, ironic.pids.conductor];
            url = ironic.url;
          }
        } catch (err) {
          note(`${target} N=${n}: could not start: ${(err as Error).message.split('\n')[0]}`);
          continue;
        }
        await sleep(1000);
        const baseline = treeRssMiB(pids);
        const afterCreate = async (uuids: readonly string[], client: IronicClient) => {
          // steady state with N nodes: after create and one sequential detailed full list, settled for 2 s
          await listAll(client, url, '/v1/nodes?detail=True');
          await sleep(2000);
          const steady = treeRssMiB(pids);
          if (wrk && opts.readSeconds > 0) {
            const r = await measureReads(
              {
                target,
                url,
                microversion: client.microversion,
                uuids,
                connections: opts.readConnections,
                threads: opts.wrkThreads,
                durationSeconds: opts.readSeconds,
                listReps: opts.listReps,
                workDir: work,
                log,
              },
              client,
            );
            report.reads.push(...r.reads);
            report.lists.push(...r.lists);
          }
          const afterReads = treeRssMiB(pids);
          const mem: MemoryResult = {
            target: target === 'ferric' ? 'ferric' : 'ironic (API workers + conductor)',
            nodes: uuids.length,
            rssMiB: steady,
            peakRssMiB: target === 'ferric' ? (memoryOf(pids[0]!)?.peakMiB ?? Number.NaN) : Number.NaN,
            afterReadsRssMiB: afterReads,
            baselineRssMiB: baseline,
          };
          report.memory.push(mem);
          memory = mem;
          rssSamples = setInterval(() => samples.push(treeRssMiB(pids)), 500);
          log(
            `  ${target} N=${uuids.length} RSS ${mem.rssMiB.toFixed(0)} MiB steady, ${afterReads.toFixed(0)} after reads (peak ${mem.peakRssMiB.toFixed(0)}, idle ${baseline.toFixed(0)})`,
          );
        };
        let memory: MemoryResult | undefined;
        let rssSamples: NodeJS.Timeout | undefined;
        const samples: number[] = [];
        const result = await runLifecycle({
          target,
          url,
          nodes: n,
          concurrency: opts.concurrency,
          microversion: opts.microversion,
          pollMs: opts.pollMs,
          phaseTimeoutMs: opts.phaseTimeoutSeconds * 1000,
          serverPids: pids,
          afterCreate,
          log,
        });
        clearInterval(rssSamples);
        if (memory && samples.length) {
          const sorted = [...samples].sort((a, b) => a - b);
          memory.underLoadRssMiB = {
            median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
            max: sorted[sorted.length - 1] ?? Number.NaN,
            samples: sorted.length,
          };
          log(
            `  ${target} N=${n} RSS while working: median ${memory.underLoadRssMiB.median.toFixed(0)} MiB, max ${memory.underLoadRssMiB.max.toFixed(0)} MiB (${sorted.length} samples)`,
          );
        }
        report.lifecycle.push(result);
        checkpoint();
        if (
          target === 'ironic' &&
          ironic &&
          stopIronic &&
          !opts.sizes.some((m) => m > n && m <= opts.ironicMaxNodes)
        ) {
          // its last size: stop it now, so an idle Ironic does not share the machine with Ferric's larger runs
          cleanups.delete(stopIronic);
          await ironic.stop();
          ironic = null;
        }
        if (server && stopServer) {
          cleanups.delete(stopServer);
          await server.stop();
        }
        if (profDir) {
          const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
          if (file) {
            const dest = join(opts.outDir || join(repoRoot, 'bench', 'results'), 'profiles');
            mkdirSync(dest, { recursive: true });
            const target2 = join(dest, `ferric-serve-N${n}-${Date.now()}.cpuprofile`);
            renameSync(join(profDir, file), target2);
            report.profiles.push(summarizeCpuProfile(target2, `ferric serve, lifecycle + reads at N=${n}`));
            log(`  CPU profile ${relative(repoRoot, target2)}`);
          } else note(`N=${n}: no CPU profile written (server did not exit cleanly?)`);
        }
      }
    }
    if (ironic && stopIronic) {
      cleanups.delete(stopIronic);
      await ironic.stop();
    }
  }

  if (opts.only.includes('power-sync')) {
    for (const n of opts.powerSyncSizes)
      for (const latency of opts.powerSyncLatencies)
        for (const workers of opts.powerSyncWorkers) {
          const floorS = (n * latency) / workers / 1000;
          if (floorS * opts.powerSyncPasses > 600) {
            note(
              `power sync N=${n} latency ${latency} ms workers ${workers} skipped: ≥ ${Math.round(floorS)} s per pass`,
            );
            continue;
          }
          await quiet(`power sync N=${n} latency=${latency}ms workers=${workers}`);
          const dir = mkdtempSync(join(work, 'ps-'));
          try {
            const r = await measurePowerSync({
              nodes: n,
              bmcLatencyMs: latency,
              workers,
              passes: opts.powerSyncPasses,
              dbFile: join(dir, 'db.sqlite'),
              timeoutMs: Math.max(120_000, floorS * 1000 * (opts.powerSyncPasses + 2) * 3),
            });
            report.powerSync.push(r);
            checkpoint();
            log(
              `  passes ${r.passesMs.map((v) => v.toFixed(0)).join(', ')} ms (floor ${r.idealMs.toFixed(0)} ms), ${r.nodesPerSecond.toFixed(0)} nodes/s`,
            );
          } catch (err) {
            note(`power sync N=${n} latency ${latency} workers ${workers}: ${(err as Error).message}`);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
  }

  if (opts.only.includes('in-process')) {
    for (const n of opts.inProcessSizes) {
      await quiet(`conductor in-process N=${n}`);
      const dir = mkdtempSync(join(work, 'ip-'));
      try {
        const r = await measureInProcess({
          nodes: n,
          concurrency: opts.concurrency,
          dbFile: join(dir, 'db.sqlite'),
          phaseTimeoutMs: opts.phaseTimeoutSeconds * 1000,
        });
        report.inProcess.push(r);
        checkpoint();
        log(`  ${r.phases.map((p) => `${p.phase} ${p.nodesPerSecond.toFixed(0)}/s`).join(', ')}`);
      } catch (err) {
        note(`in-process N=${n}: ${(err as Error).message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }

  if (opts.only.includes('drivers')) {
    for (const sub of driverSubBenchmarks(opts.driverBmcs)) {
      await quiet(`sub-benchmark ${sub.name}`);
      const r = await runSubBenchmark(repoRoot, sub, opts.driverTimeoutSeconds * 1000, log);
      if (r.skipped) log(`  skipped: ${r.skipped}`);
      report.subBenchmarks.push(r);
      checkpoint();
    }
  }

  report.comparisons = compareTargets(report.lifecycle, report.reads, report.lists);
  report.finishedAt = new Date().toISOString();
  report.settings.loadAtEnd = currentLoad();
  return report;
}

/** `pnpm bench` entry point. Resolves with the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(argv);
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const onSignal = () => {
    log('bench: interrupted, cleaning up…');
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const report = await run(opts);
    log('');
    log(comparisonSummaryMarkdown(report));
    log('');
    for (const t of checkTargets(report))
      log(`target: ${t.target}: ${t.measured}${t.met === null ? '' : t.met ? ' (met)' : ' (NOT met)'}`);
    if (opts.outDir !== null) {
      const dir = opts.outDir || join(findRepoRoot(), 'bench', 'results');
      for (const f of writeReport(report, dir, opts.latest)) log(`wrote ${f}`);
    }
    return 0;
  } finally {
    await cleanupAll();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
