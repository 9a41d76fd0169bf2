import type { BenchReport, LatencySummary } from './model.js';
import { checkTargets } from './targets.js';

const f = (v: number | undefined, digits = 1): string =>
  v === undefined || !Number.isFinite(v)
    ? '–'
    : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const int = (v: number | undefined): string => f(v, 0);
const lat = (l: LatencySummary) => `${f(l.p50)} / ${f(l.p99)}`;

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_h, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** The comparison table alone (what the README's "Performance" section quotes). */
export function comparisonMarkdown(report: BenchReport): string {
  if (!report.comparisons.length) return '_No side-by-side comparison in this run (`--compare-ironic`)._';
  return table(
    ['N', 'phase', 'metric', 'Ferric', 'Ironic 21.4.4', 'Ferric ÷ Ironic'],
    report.comparisons.map((c) => [
      int(c.nodes),
      c.phase,
      c.metric,
      f(c.ferric),
      f(c.ironic),
      `**${f(c.ratio)}×**`,
    ]),
  );
}

/**
 * The comparison pivoted for the README: one row per phase and metric, one column per N, each cell
 * `ratio× (Ferric vs Ironic)`.
 */
export function comparisonSummaryMarkdown(report: BenchReport): string {
  if (!report.comparisons.length) return '_No side-by-side comparison in this run (`--compare-ironic`)._';
  const sizes = [...new Set(report.comparisons.map((c) => c.nodes))].sort((a, b) => a - b);
  const keys = [...new Set(report.comparisons.map((c) => `${c.phase}\u0000${c.metric}`))];
  const rows = keys.map((k) => {
    const [phase, metric] = k.split('\u0000') as [string, string];
    return [
      phase,
      metric,
      ...sizes.map((n) => {
        const c = report.comparisons.find((x) => x.nodes === n && x.phase === phase && x.metric === metric);
        return c ? `**${f(c.ratio)}×** (${f(c.ferric)} vs ${f(c.ironic)})` : '–';
      }),
    ];
  });
  return table(['phase', 'metric (Ferric vs Ironic)', ...sizes.map((n) => `N = ${int(n)}`)], rows);
}

/** Renders a whole report as Markdown. */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const out: string[] = [];
  out.push(`# Ferric benchmark report — ${report.startedAt}`);
  out.push('');
  out.push(
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${int(m.totalMemMiB)} MiB, ${m.os}; Node ${m.node} (V8 ${m.v8}); ` +
      `commit ${m.gitCommit ?? 'unknown'}. Load average at start ${m.loadAtStart.join(' / ')} (1/5/15 min); ` +
      `the load column of each table is the 1-minute load when that row ended. Finished ${report.finishedAt}.`,
  );
  out.push('');
  out.push(`Settings: \`${JSON.stringify(report.settings)}\``);
  out.push('');
  out.push('## Targets (reported, not asserted)');
  out.push('');
  out.push(
    table(
      ['target', 'measured', 'met'],
      checkTargets(report).map((t) => [
        t.target,
        t.measured,
        t.met === null ? '–' : t.met ? 'yes' : '**no**',
      ]),
    ),
  );
  out.push('');
  out.push('## Ferric vs OpenStack Ironic (same client, same N, same concurrency, back to back)');
  out.push('');
  out.push(comparisonSummaryMarkdown(report));
  out.push('');
  out.push('<details><summary>Every comparison row</summary>');
  out.push('');
  out.push(comparisonMarkdown(report));
  out.push('');
  out.push('</details>');
  out.push('');
  if (report.lifecycle.length) {
    out.push('## REST lifecycle (fake-hardware)');
    out.push('');
    out.push(
      'State phases: every `PUT /v1/nodes/{id}/states/provision` accepted, then the list polled until every node settled; ' +
        "nodes/s = N ÷ time to settle, which ends at the last node's `provision_updated_at` as the server recorded it (same machine, same clock; " +
        "'seen s' is when the client's polls saw it). Latency = the phase's own requests (retries included), milliseconds.",
    );
    for (const run of report.lifecycle) {
      out.push('');
      out.push(
        `### ${run.target} — N = ${int(run.nodes)}, concurrency ${run.concurrency}, microversion ${run.microversion ?? '–'}, poll ≥ ${run.pollMs} ms`,
      );
      out.push('');
      out.push(
        table(
          [
            'phase',
            'nodes/s',
            'settled s',
            'seen s',
            'accepted s',
            'p50 / p99 ms',
            'requests',
            'retries',
            'server CPU s',
            'load',
          ],
          run.phases.map((p) => [
            p.phase,
            f(p.nodesPerSecond),
            f(p.seconds, 2),
            f(p.observedSeconds, 2),
            f(p.acceptSeconds, 2),
            lat(p.latency),
            int(p.requests),
            int(p.retries),
            f(p.serverCpuSeconds, 2),
            f(p.load1, 2),
          ]),
        ),
      );
      if (run.errors.length)
        out.push(
          '',
          `Errors: ${run.errors
            .slice(0, 5)
            .map((e) => `\`${e}\``)
            .join('; ')}`,
        );
    }
    out.push('');
  }
  if (report.reads.length) {
    out.push('## API reads (wrk)');
    out.push('');
    out.push(
      table(
        ['target', 'N', 'request', 'req/s', 'p50 / p99 ms', 'connections', 'seconds', 'non-2xx', 'load'],
        report.reads.map((r) => [
          r.target,
          int(r.nodes),
          `\`${r.request}\``,
          int(r.requestsPerSecond),
          `${f(r.latency.p50)} / ${f(r.latency.p99)}`,
          String(r.connections),
          String(r.durationSeconds),
          int(r.non2xx + r.socketErrors),
          f(r.load1, 2),
        ]),
      ),
    );
    out.push('');
  }
  if (report.lists.length) {
    out.push('## Full lists (one client, sequential, following `next`; limit ≤ 1,000 per page)');
    out.push('');
    out.push(
      table(
        ['target', 'N', 'request', 'pages', 'min ms', 'p50 ms', 'max ms', 'reps'],
        report.lists.map((l) => [
          l.target,
          int(l.nodes),
          `\`${l.request}\``,
          String(l.pages),
          f(l.latency.min),
          f(l.latency.p50),
          f(l.latency.max),
          String(l.reps),
        ]),
      ),
    );
    out.push('');
  }
  if (report.memory.length) {
    out.push('## Resident memory');
    out.push('');
    out.push(
      'Steady = one sample after create, one sequential detailed full list and 2 s idle; while working = ' +
        'sampled every 0.5 s through the state phases and delete (median / max); after reads = right after the wrk ' +
        'runs (32 concurrent full-page detailed lists leave V8 a larger heap); peak = `VmHWM` at that point; ' +
        'idle = before any node existed.',
    );
    out.push('');
    out.push(
      table(
        [
          'target',
          'N',
          'steady RSS MiB',
          'while working MiB',
          'after reads MiB',
          'peak RSS MiB',
          'idle RSS MiB',
        ],
        report.memory.map((m) => [
          m.target,
          int(m.nodes),
          int(m.rssMiB),
          m.underLoadRssMiB ? `${int(m.underLoadRssMiB.median)} / ${int(m.underLoadRssMiB.max)}` : '–',
          int(m.afterReadsRssMiB),
          int(m.peakRssMiB),
          int(m.baselineRssMiB),
        ]),
      ),
    );
    out.push('');
  }
  if (report.powerSync.length) {
    out.push('## Power-sync pass (fake power, embedded conductor)');
    out.push('');
    out.push(
      table(
        [
          'N BMCs',
          'BMC latency ms',
          'workers',
          'pass ms (each)',
          'floor ms (N×latency÷workers)',
          'nodes/s',
          'load',
        ],
        report.powerSync.map((p) => [
          int(p.nodes),
          String(p.bmcLatencyMs),
          String(p.workers),
          p.passesMs.map((v) => int(v)).join(', '),
          int(p.idealMs),
          int(p.nodesPerSecond),
          f(p.load1, 2),
        ]),
      ),
    );
    out.push('');
  }
  if (report.inProcess.length) {
    out.push('## Conductor in-process (no HTTP): its own ceiling');
    out.push('');
    for (const r of report.inProcess) {
      out.push(
        table(
          ['phase', `nodes/s (N = ${int(r.nodes)})`, 'seconds', 'retries'],
          r.phases.map((p) => [p.phase, f(p.nodesPerSecond), f(p.seconds, 2), int(p.retries)]),
        ),
      );
      out.push('');
    }
  }
  for (const s of report.subBenchmarks) {
    out.push(`## Sub-benchmark: ${s.name}`);
    out.push('');
    if (s.skipped) out.push(`Skipped: ${s.skipped}.`);
    else out.push(`\`${s.command}\` — exit ${s.exitCode}, ${f(s.seconds)} s`, '', '```', s.output, '```');
    out.push('');
  }
  for (const p of report.profiles) {
    out.push(`## CPU profile: ${p.label}`);
    out.push('');
    out.push(
      `Sampled ${int(p.totalMs)} ms. Self time of non-idle samples by bucket: ${Object.entries(p.buckets)
        .map(([k, v]) => `${k} ${v}%`)
        .join(', ')}.`,
    );
    out.push('');
    out.push(
      table(
        ['function', 'location', 'self ms', '% of busy'],
        p.top.map((t) => [`\`${t.functionName}\``, `\`${t.location}\``, int(t.selfMs), f(t.percent)]),
      ),
    );
    out.push('');
  }
  if (report.notes.length) {
    out.push('## Notes');
    out.push('');
    for (const n of report.notes) out.push(`- ${n}`);
    out.push('');
  }
  return out.join('\n');
}
