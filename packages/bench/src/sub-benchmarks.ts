import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBounded } from './child.js';
import type { SubBenchmarkResult } from './model.js';

/** A driver package whose own `bench` script is run as a sub-benchmark. */
export interface SubBenchmark {
  name: string;
  /** Package directory relative to the repository root. */
  dir: string;
  /** Arguments passed to its `bench` script. */
  args: string[];
}

/**
 * The driver benchmarks known to the suite: IPMI status over `ipmi_sim` BMCs, Redfish over the BMC
 * emulator. Each is skipped (with a note) while its package has no `bench` script.
 */
export function driverSubBenchmarks(bmcs: number): SubBenchmark[] {
  return [
    { name: 'drivers-ipmi', dir: 'packages/drivers-ipmi', args: [String(bmcs)] },
    { name: 'drivers-redfish', dir: 'packages/drivers-redfish', args: [] },
  ];
}

/** Runs one package's `bench` script through pnpm (bounded), capturing its output for the report. */
export async function runSubBenchmark(
  repoRoot: string,
  sub: SubBenchmark,
  timeoutMs: number,
  log: (msg: string) => void,
): Promise<SubBenchmarkResult> {
  const manifest = join(repoRoot, sub.dir, 'package.json');
  const base = { name: sub.name, command: `pnpm --dir ${sub.dir} run bench ${sub.args.join(' ')}`.trim() };
  if (!existsSync(manifest))
    return { ...base, exitCode: null, seconds: 0, output: '', skipped: 'package not present' };
  const scripts = (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> })
    .scripts;
  if (!scripts?.bench)
    return { ...base, exitCode: null, seconds: 0, output: '', skipped: 'no bench script yet' };
  log(`sub-benchmark ${sub.name}: ${base.command}`);
  const run = await runBounded('npx', ['-y', 'pnpm@10', '--dir', sub.dir, 'run', 'bench', ...sub.args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeoutMs,
    echo: (l) => log(`  [${sub.name}] ${l}`),
  });
  const output = `${run.stdout}${run.exitCode === 0 ? '' : `\n${run.stderr}`}`
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim() && !/^> /.test(l))
    .join('\n')
    .trim();
  return {
    ...base,
    exitCode: run.exitCode,
    seconds: run.seconds,
    output: run.timedOut ? `${output}\n(timed out after ${Math.round(timeoutMs / 1000)} s)` : output,
  };
}
