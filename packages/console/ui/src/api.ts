/** Talks to Ferric's public REST API with the user's credentials (kept in sessionStorage for the tab). */

const KEY = 'ferric-console-credentials';

/** What the user logged in with. */
export type Credentials =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'token'; token: string };

/** An API error with Ironic's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function loadCredentials(): Credentials | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Credentials;
  } catch {
    return null;
  }
}

export function saveCredentials(c: Credentials | null): void {
  if (c) sessionStorage.setItem(KEY, JSON.stringify(c));
  else sessionStorage.removeItem(KEY);
}

export function authHeaders(c: Credentials | null): Record<string, string> {
  if (!c) return {};
  if (c.kind === 'token') return { 'X-Auth-Token': c.token };
  const bytes = new TextEncoder().encode(`${c.username}:${c.password}`);
  return { Authorization: `Basic ${btoa(String.fromCharCode(...bytes))}` };
}

/** Ironic's error bodies wrap a JSON fault in `error_message`. */
function errorText(body: string, status: number): string {
  try {
    const outer = JSON.parse(body) as { error_message?: string };
    const inner = JSON.parse(outer.error_message ?? '') as { faultstring?: string };
    return inner.faultstring ?? outer.error_message ?? `HTTP ${status}`;
  } catch {
    return body.slice(0, 300) || `HTTP ${status}`;
  }
}

/**
 * One API call. `credentials: 'omit'` keeps the browser from popping its own Basic-auth dialog on
 * a 401: the console asks for credentials itself and sends them explicitly.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'omit',
    headers: {
      Accept: 'application/json',
      'X-OpenStack-Ironic-API-Version': 'latest',
      ...authHeaders(loadCredentials()),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, errorText(text, res.status));
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The Prometheus text of `/metrics` (fleet counts, pool, periodics), or `null` when disabled. */
export async function metricsText(): Promise<string | null> {
  const res = await fetch('/metrics', { credentials: 'omit', headers: authHeaders(loadCredentials()) });
  if (res.status === 401) throw new ApiError(401, 'authentication required');
  return res.ok ? res.text() : null;
}

/** A sample of a Prometheus exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the samples of a Prometheus text exposition (comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** A node event from `/v1/events`. */
export interface NodeEvent {
  type: string;
  node: string;
  to?: string | null;
  from?: string | null;
  target?: string | null;
  maintenance?: boolean;
  fault?: string | null;
  error?: string;
}

/**
 * Follows `/v1/events` (Server-Sent Events read through fetch, so the credentials go in headers,
 * which EventSource cannot send). Reconnects after a drop; `onState(false)` when the server has no
 * stream (an API-only process): the caller falls back to polling.
 * @returns a function that stops following.
 */
export function followEvents(onEvent: (e: NodeEvent) => void, onState: (live: boolean) => void): () => void {
  const abort = new AbortController();
  let stopped = false;
  const run = async () => {
    while (!stopped) {
      try {
        const res = await fetch('/v1/events', {
          credentials: 'omit',
          signal: abort.signal,
          headers: {
            Accept: 'text/event-stream',
            'X-OpenStack-Ironic-API-Version': 'latest',
            ...authHeaders(loadCredentials()),
          },
        });
        if (!res.ok || !res.body) {
          onState(false);
          if (res.status === 404) return;
          await new Promise((r) => setTimeout(r, 5000));
          continue;
        }
        onState(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            let type = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) type = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (data) {
              try {
                onEvent({ ...(JSON.parse(data) as Omit<NodeEvent, 'type'>), type });
              } catch {
                // A malformed event is skipped; the next refresh corrects the view.
              }
            }
            cut = buffer.indexOf('\n\n');
          }
        }
        onState(false);
      } catch {
        if (stopped) return;
        onState(false);
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void run();
  return () => {
    stopped = true;
    abort.abort();
  };
}
