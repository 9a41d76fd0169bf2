import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** A parsed JSON answer. */
export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
}

/** Raised when a request fails for good (non-retryable status, retries exhausted, socket errors). */
export class BenchHttpError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'BenchHttpError';
  }
}

/** Options of {@link IronicClient}. */
export interface IronicClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:6385`. */
  url: string;
  /** Value of `X-OpenStack-Ironic-API-Version`, or `null` to send none. */
  microversion: string | null;
  /** Maximum sockets kept open (the client's concurrency). */
  maxSockets: number;
  /** Per-request timeout, milliseconds. */
  timeoutMs?: number;
}

/**
 * The benchmark's HTTP client for any Ironic-compatible API: keep-alive sockets (servers that send
 * `Connection: close` simply get a new one), JSON bodies, and Ironic's retry rules — 409 (node locked),
 * 503 (no free worker) and Ironic 21's HTTP 500 "concurrent action limit" are retried with backoff and
 * counted. Every call's wall time (retries included) is handed to the recorder passed in.
 */
export class IronicClient {
  readonly #agent: Agent;
  readonly #host: string;
  readonly #port: number;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  microversion: string | null;
  requests = 0;
  retries = 0;

  constructor(options: IronicClientOptions) {
    const u = new URL(options.url);
    this.#host = u.hostname;
    this.#port = Number(u.port || 80);
    this.#prefix = u.pathname.replace(/\/$/, '');
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.microversion = options.microversion;
    this.#agent = new Agent({
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
    });
  }

  /** One HTTP exchange, no retries. */
  raw(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (this.microversion) headers['X-OpenStack-Ironic-API-Version'] = this.microversion;
    if (data) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = data.length;
    }
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.#host,
          port: this.#port,
          path: this.#prefix + path,
          method,
          headers,
          agent: this.#agent,
          timeout: this.#timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            this.requests++;
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`timeout after ${this.#timeoutMs} ms: ${method} ${path}`)),
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  /**
   * A request with Ironic's retry rules; resolves with the parsed JSON body of a 2xx answer.
   * @param record receives the call's wall time in milliseconds (retries included)
   */
  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    record?: (ms: number) => void,
  ): Promise<JsonResponse<T>> {
    const t0 = performance.now();
    let delay = 20;
    for (let attempt = 0; ; attempt++) {
      let res: { status: number; text: string };
      try {
        res = await this.raw(method, path, body);
      } catch (err) {
        // a keep-alive socket closed by the server under us: retry a few times on a fresh one
        if (attempt < 3) continue;
        throw new BenchHttpError(`${method} ${path}: ${(err as Error).message}`, null);
      }
      if (res.status >= 200 && res.status < 300) {
        record?.(performance.now() - t0);
        return { status: res.status, body: (res.text ? JSON.parse(res.text) : null) as T };
      }
      const retryable =
        res.status === 409 ||
        res.status === 503 ||
        (res.status === 500 && res.text.includes('concurrent action limit'));
      if (retryable && attempt < 600) {
        this.retries++;
        await sleep(delay);
        delay = Math.min(delay * 1.5, 1000);
        continue;
      }
      throw new BenchHttpError(`${method} ${path} -> ${res.status} ${res.text.slice(0, 300)}`, res.status);
    }
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
