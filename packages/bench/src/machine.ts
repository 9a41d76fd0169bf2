import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, hostname, loadavg, release, totalmem, type } from 'node:os';
import type { MachineInfo } from './model.js';

/** Current 1/5/15-minute load averages, rounded to two decimals. */
export function currentLoad(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = loadavg();
  const r = (v: number) => Math.round(v * 100) / 100;
  return [r(a), r(b), r(c)];
}

/** The machine a run happens on: CPU, cores, memory, Node/V8, git commit and load. */
export function machineInfo(repoRoot: string): MachineInfo {
  let gitCommit: string | null = null;
  try {
    gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
  } catch {
    gitCommit = null;
  }
  return {
    hostname: hostname(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    totalMemMiB: Math.round(totalmem() / 2 ** 20),
    os: `${type()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    gitCommit,
    loadAtStart: currentLoad(),
  };
}

/**
 * Git state of one path: its last commit and how many files differ from it (a benchmark of a package
 * that is being written must say which code it measured).
 */
export function gitPathState(
  repoRoot: string,
  path: string,
): { lastCommit: string | null; changedFiles: number } {
  const git = (args: string[]) =>
    execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
  try {
    const lastCommit = git(['log', '-1', '--format=%h', '--', path]).trim() || null;
    const changedFiles = git(['status', '--porcelain', '--untracked-files=all', '--', path])
      .split('\n')
      .filter(Boolean).length;
    return { lastCommit, changedFiles };
  } catch {
    return { lastCommit: null, changedFiles: 0 };
  }
}
