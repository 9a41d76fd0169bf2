import type { Comparison, LifecycleResult, ListTiming, ReadResult } from './model.js';

/** Phases that are provision-state transitions (one verb per node each). */
export const TRANSITION_PHASES = ['manage', 'provide', 'deploy', 'undeploy'] as const;

/** Verb transitions per second over the four state phases: `4 N / Σ seconds`. */
export function transitionsPerSecond(run: LifecycleResult): number | null {
  const rows = run.phases.filter((p) => (TRANSITION_PHASES as readonly string[]).includes(p.phase));
  if (rows.length !== TRANSITION_PHASES.length) return null;
  const seconds = rows.reduce((s, p) => s + p.seconds, 0);
  return (rows.length * run.nodes) / seconds;
}

/**
 * Ferric/Ironic ratios for every N both were run at: nodes/s per lifecycle phase and for all transitions,
 * server CPU time per node and phase (less sensitive to a busy machine than wall time), req/s per read, and
 * full-list speed-up. A ratio above 1 means Ferric is faster / cheaper.
 */
export function compareTargets(
  lifecycle: readonly LifecycleResult[],
  reads: readonly ReadResult[],
  lists: readonly ListTiming[],
): Comparison[] {
  const out: Comparison[] = [];
  for (const f of lifecycle.filter((r) => r.target === 'ferric')) {
    const i = lifecycle.find((r) => r.target === 'ironic' && r.nodes === f.nodes);
    if (!i) continue;
    for (const fp of f.phases) {
      const ip = i.phases.find((p) => p.phase === fp.phase);
      if (!ip || !(ip.nodesPerSecond > 0) || fp.nodes === 0) continue;
      out.push({
        nodes: f.nodes,
        phase: fp.phase,
        metric: 'nodes/s',
        ferric: fp.nodesPerSecond,
        ironic: ip.nodesPerSecond,
        ratio: fp.nodesPerSecond / ip.nodesPerSecond,
      });
    }
    const ft = transitionsPerSecond(f);
    const it = transitionsPerSecond(i);
    if (ft && it)
      out.push({
        nodes: f.nodes,
        phase: 'all transitions',
        metric: 'transitions/s',
        ferric: ft,
        ironic: it,
        ratio: ft / it,
      });
    for (const fp of f.phases) {
      const ip = i.phases.find((p) => p.phase === fp.phase);
      if (!ip || fp.nodes === 0 || !fp.serverCpuSeconds || ip.serverCpuSeconds === undefined) continue;
      const fc = (1000 * fp.serverCpuSeconds) / fp.nodes;
      const ic = (1000 * ip.serverCpuSeconds) / ip.nodes;
      out.push({
        nodes: f.nodes,
        phase: fp.phase,
        metric: 'server CPU ms per node, ratio = Ironic/Ferric',
        ferric: fc,
        ironic: ic,
        ratio: ic / fc,
      });
    }
  }
  for (const f of reads.filter((r) => r.target === 'ferric')) {
    const i = reads.find((r) => r.target === 'ironic' && r.nodes === f.nodes && r.request === f.request);
    if (!i || !(i.requestsPerSecond > 0)) continue;
    out.push({
      nodes: f.nodes,
      phase: f.request,
      metric: 'req/s',
      ferric: f.requestsPerSecond,
      ironic: i.requestsPerSecond,
      ratio: f.requestsPerSecond / i.requestsPerSecond,
    });
  }
  for (const f of lists.filter((r) => r.target === 'ferric')) {
    const i = lists.find((r) => r.target === 'ironic' && r.nodes === f.nodes && r.request === f.request);
    if (!i || !(f.latency.p50 > 0)) continue;
    out.push({
      nodes: f.nodes,
      phase: f.request,
      metric: 'ms (p50), ratio = Ironic/Ferric',
      ferric: f.latency.p50,
      ironic: i.latency.p50,
      ratio: i.latency.p50 / f.latency.p50,
    });
  }
  return out;
}
