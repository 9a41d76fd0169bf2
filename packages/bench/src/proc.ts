import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process measurements from Linux `/proc`: resident memory and CPU time of a process, optionally with
 * all its live descendants (uwsgi workers, forked children).
 */

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) is 100 on every Linux this runs on

function readStat(pid: number): { ppid: number; cpuTicks: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return null;
  }
}

/** `pid` followed by every live descendant. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = readStat(Number(entry));
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(Number(entry));
    children.set(st.ppid, list);
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

/** `VmRSS` and `VmHWM` (peak) of one process in MiB, or `null` if it is gone. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Summed RSS (MiB) of the given processes and all their descendants. */
export function treeRssMiB(pids: readonly number[]): number {
  let total = 0;
  for (const root of pids) for (const p of processTree(root)) total += memoryOf(p)?.rssMiB ?? 0;
  return total;
}

/** Summed user+system CPU seconds of the given processes and all their live descendants. */
export function treeCpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const root of pids) for (const p of processTree(root)) ticks += readStat(p)?.cpuTicks ?? 0;
  return ticks / CLK_TCK;
}
