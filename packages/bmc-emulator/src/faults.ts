import { Errors, type RedfishError } from './errors.js';

/** Fault injection settings of a Redfish service. All default to "no fault". */
export interface FaultConfig {
  /** Added latency per request in ms: a fixed number or a `[min, max]` range drawn per request. */
  latencyMs?: number | [number, number];
  /** Probability (0–1) that a request fails with {@link errorStatus}. */
  errorRate?: number;
  /** Status for {@link errorRate} failures. Default 500. */
  errorStatus?: number;
  /** Probability (0–1) that a request's connection is dropped without a response. */
  dropRate?: number;
  /** Seed of the pseudo-random draws, for reproducible runs. Default 1. */
  seed?: number;
  /** Only requests whose path matches are subject to faults. Default: all but the service root. */
  pathPattern?: RegExp;
}

/** What {@link FaultInjector.decide} tells the HTTP layer to do with one request. */
export type FaultDecision =
  | {
      /** Serve the request normally. */
      action: 'pass';
      /** Delay before serving, ms. */
      delayMs: number;
    }
  | {
      /** Answer with `error`. */
      action: 'fail';
      /** Delay before answering, ms. */
      delayMs: number;
      /** The error to answer with. */
      error: RedfishError;
    }
  | {
      /** Cut the connection without answering. */
      action: 'drop';
      /** Delay before cutting, ms. */
      delayMs: number;
    };

/** What a {@link FaultInjector} has done so far. */
export interface FaultCounts {
  /** Requests answered with an injected error. */
  failed: number;
  /** Connections cut. */
  dropped: number;
  /** Requests delayed. */
  delayed: number;
}

/** mulberry32: a small seeded PRNG so fault runs are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_PATHS = /^\/redfish\/v1\/.+/;

/**
 * Decides per request whether to delay, fail or drop it. Configure it up front ({@link FaultConfig})
 * or at run time: {@link configure}, {@link burst} (the next N requests fail with a 5xx),
 * {@link dropNext} (the next N connections are cut). Session expiry lives in the session store
 * (`expireSessions()` on a fleet BMC, or a short `SessionTimeout`).
 */
export class FaultInjector {
  private config: FaultConfig = {};
  private random: () => number = prng(1);
  private burstLeft = 0;
  private burstStatus = 503;
  private dropLeft = 0;
  /** How many requests were failed, dropped and delayed so far. */
  readonly counts: FaultCounts = { failed: 0, dropped: 0, delayed: 0 };

  constructor(config: FaultConfig = {}) {
    this.configure(config);
  }

  /** Replaces the settings (a new seed restarts the random sequence). */
  configure(config: FaultConfig): void {
    this.config = { ...config };
    this.random = prng(config.seed ?? 1);
  }

  /** The current settings. */
  get settings(): Readonly<FaultConfig> {
    return this.config;
  }

  /** Makes the next `count` requests fail with `status` (default 503, with `Retry-After: 1`). */
  burst(count: number, status = 503): void {
    this.burstLeft = count;
    this.burstStatus = status;
  }

  /** Drops the connection of the next `count` requests. */
  dropNext(count: number): void {
    this.dropLeft = count;
  }

  /** Removes every fault, including pending bursts and drops. */
  clear(): void {
    this.configure({});
    this.burstLeft = 0;
    this.dropLeft = 0;
  }

  /** Decides the fate of one request to `path`. */
  decide(path: string): FaultDecision {
    const pattern = this.config.pathPattern ?? DEFAULT_PATHS;
    if (!pattern.test(path)) return { action: 'pass', delayMs: 0 };
    const latency = this.config.latencyMs ?? 0;
    const delayMs = Array.isArray(latency)
      ? Math.round(latency[0] + this.random() * Math.max(0, latency[1] - latency[0]))
      : latency;
    if (delayMs > 0) this.counts.delayed++;
    if (this.dropLeft > 0) {
      this.dropLeft--;
      this.counts.dropped++;
      return { action: 'drop', delayMs };
    }
    if (this.burstLeft > 0) {
      this.burstLeft--;
      this.counts.failed++;
      return { action: 'fail', delayMs, error: failure(this.burstStatus) };
    }
    if ((this.config.dropRate ?? 0) > 0 && this.random() < (this.config.dropRate ?? 0)) {
      this.counts.dropped++;
      return { action: 'drop', delayMs };
    }
    if ((this.config.errorRate ?? 0) > 0 && this.random() < (this.config.errorRate ?? 0)) {
      this.counts.failed++;
      return { action: 'fail', delayMs, error: failure(this.config.errorStatus ?? 500) };
    }
    return { action: 'pass', delayMs };
  }
}

function failure(status: number): RedfishError {
  return status === 503
    ? Errors.serviceTemporarilyUnavailable(1)
    : Errors.generalError(status, 'Injected fault: the BMC failed to process the request.');
}
