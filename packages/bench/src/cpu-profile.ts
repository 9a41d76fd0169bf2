import { readFileSync } from 'node:fs';
import type { ProfileSummary } from './model.js';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Buckets a frame by what it is doing, to say what bounds a run. */
export function bucketOf(functionName: string, url: string): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(program)') return 'program (native/V8)';
  const nativeSqlite = url === '' && /^(run|all|get|prepare|iterate|exec)$/.test(functionName);
  if (nativeSqlite || /better-sqlite3|kysely|\/db\//.test(url)) return 'database';
  if (
    /^(stringify|parse)$/.test(functionName) ||
    /fast-json-stringify|secure-json-parse/.test(url) ||
    (functionName === 'serialize' && /fastify/.test(url))
  )
    return 'json';
  if (/\/views\//.test(url)) return 'api views (record → JSON shape)';
  if (
    /fastify|find-my-way|light-my-request|avvio|node:_http|node:http|node:net|node:stream|_http_|ajv/.test(
      url,
    ) ||
    /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(functionName)
  )
    return 'http';
  if (/pino|sonic-boom/.test(url)) return 'logging';
  if (/zod/.test(url)) return 'validation (zod)';
  if (/@ferric|packages\/(api|conductor|core)\//.test(url)) return 'ferric code';
  return 'other';
}

/**
 * Summarises a V8 `.cpuprofile`: total sampled time, the top self-time functions and self time per
 * bucket (database, JSON, HTTP, GC, …) as a share of non-idle time.
 */
export function summarizeCpuProfile(file: string, label: string, topN = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0));
    }
  } else {
    const interval =
      (profile.endTime - profile.startTime) /
      Math.max(
        1,
        profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0),
      );
    for (const n of profile.nodes) selfUs.set(n.id, (n.hitCount ?? 0) * interval);
  }
  const byFunction = new Map<
    string,
    { functionName: string; location: string; us: number; bucket: string }
  >();
  const buckets = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const location = url
      ? `${url.replace(/^file:\/\/.*?\/(node_modules|packages)\//, '$1/')}:${lineNumber + 1}`
      : '';
    const bucket = bucketOf(name, url);
    total += us;
    if (bucket === 'idle') {
      idle += us;
      continue;
    }
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    const key = `${name}@${location}`;
    const entry = byFunction.get(key) ?? { functionName: name, location, us: 0, bucket };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const busy = Math.max(1, total - idle);
  const top = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topN)
    .map((e) => ({
      functionName: e.functionName,
      location: e.location,
      selfMs: e.us / 1000,
      percent: (100 * e.us) / busy,
    }));
  return {
    label,
    file,
    totalMs: total / 1000,
    top,
    buckets: Object.fromEntries(
      [...buckets.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, Math.round((1000 * v) / busy) / 10]),
    ),
  };
}
