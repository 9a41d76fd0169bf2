import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBounded } from './child.js';

/** What `wrk --latency` reported. */
export interface WrkOutput {
  requestsPerSecond: number;
  non2xx: number;
  socketErrors: number;
  /** Latency percentiles, milliseconds. */
  latency: { p50: number; p90: number; p99: number };
  totalRequests: number;
}

/** True when the `wrk` binary is on PATH. */
export function haveWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch (err) {
    // wrk --version exits 1 but prints its banner: it exists if the spawn itself worked
    return (err as { code?: string }).code !== 'ENOENT';
  }
}

function toMs(value: string, unit: string): number {
  const v = Number(value);
  switch (unit) {
    case 'us':
      return v / 1000;
    case 'ms':
      return v;
    case 's':
      return v * 1000;
    case 'm':
      return v * 60_000;
    default:
      return Number.NaN;
  }
}

/** Parses wrk's text report (run with `--latency`). */
export function parseWrk(text: string): WrkOutput {
  const pct = (p: string): number => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(text);
    return m ? toMs(m[1]!, m[2]!) : Number.NaN;
  };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const total = /^\s*(\d+) requests in/m.exec(text);
  return {
    requestsPerSecond: rps ? Number(rps[1]) : Number.NaN,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: sock ? sock.slice(1).reduce((s, v) => s + Number(v), 0) : 0,
    latency: { p50: pct('50'), p90: pct('90'), p99: pct('99') },
    totalRequests: total ? Number(total[1]) : 0,
  };
}

/**
 * A wrk Lua script that requests `paths` round-robin (each thread starting at a different offset) with the
 * given headers.
 */
export function wrkScript(paths: readonly string[], headers: Record<string, string>): string {
  const list = paths.map((p) => JSON.stringify(p)).join(',\n');
  const hdrs = Object.entries(headers)
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join('\n');
  return `${hdrs}
local paths = {
${list}
}
local counter = 0
local n = #paths
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end
function init(args)
  i = offset or 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % n) + 1])
end
`;
}

/** Options of {@link runWrk}. */
export interface WrkOptions {
  url: string;
  paths: readonly string[];
  headers: Record<string, string>;
  connections: number;
  threads: number;
  durationSeconds: number;
  workDir: string;
}

/** Runs wrk against `url` with a generated script; bounded to the duration plus 30 s. */
export async function runWrk(options: WrkOptions): Promise<WrkOutput & { raw: string }> {
  const script = join(options.workDir, `wrk-${Date.now()}-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(script, wrkScript(options.paths, options.headers));
  const run = await runBounded(
    'wrk',
    [
      '-t',
      String(options.threads),
      '-c',
      String(options.connections),
      '-d',
      `${options.durationSeconds}s`,
      '--timeout',
      '30s',
      '--latency',
      '-s',
      script,
      options.url,
    ],
    { timeoutMs: (options.durationSeconds + 30) * 1000 },
  );
  if (run.exitCode !== 0) throw new Error(`wrk failed (${run.exitCode}): ${run.stderr || run.stdout}`);
  return { ...parseWrk(run.stdout), raw: run.stdout };
}
