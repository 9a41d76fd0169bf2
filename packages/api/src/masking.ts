import { isSecretKeyName, SECRET_MASK } from '@ferric/core';

/**
 * Secret masking: every password-like key of `driver_info`, `instance_info` and
 * `driver_internal_info` (at any depth) is shown as `******`, in responses and log lines alike.
 */

/** The mask Ironic shows instead of a secret. @public */
export const MASK = SECRET_MASK;

/** `instance_info` keys that are secret there (may embed credentials). */
const INSTANCE_SECRET_KEYS = new Set(['configdrive', 'image_url']);

/** Decides which keys are secret; extra names come from driver property descriptions (`secret: true`). @public */
export class SecretMasker {
  readonly #extra = new Set<string>();
  readonly #verdicts = new Map<string, boolean>();

  constructor(extraSecretKeys: Iterable<string> = []) {
    for (const k of extraSecretKeys) this.#extra.add(k.toLowerCase());
  }

  /** Adds keys declared secret by drivers. */
  addSecretKeys(keys: Iterable<string>): void {
    for (const k of keys) this.#extra.add(k.toLowerCase());
    this.#verdicts.clear();
  }

  /** Whether a key's value must be masked. */
  isSecretKey(key: string): boolean {
    // The same few keys recur on every node of every response: remember the verdict.
    let secret = this.#verdicts.get(key);
    if (secret === undefined) {
      const k = key.toLowerCase();
      secret = this.#extra.has(k) || isSecretKeyName(k);
      if (this.#verdicts.size < 10_000) this.#verdicts.set(key, secret);
    }
    return secret;
  }

  /** A deep copy of `value` with secret values replaced by {@link MASK}. */
  mask<T>(value: T, extraKeys?: ReadonlySet<string>): T {
    return this.#walk(value, extraKeys) as T;
  }

  /** Masks an `instance_info` dict (also `configdrive` and `image_url`). */
  maskInstanceInfo<T>(value: T): T {
    return this.#walk(value, INSTANCE_SECRET_KEYS) as T;
  }

  #walk(value: unknown, extraKeys?: ReadonlySet<string>): unknown {
    if (Array.isArray(value)) return value.map((v) => this.#walk(v, extraKeys));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== null && v !== undefined && v !== '' && (this.isSecretKey(k) || extraKeys?.has(k)))
        out[k] = MASK;
      else out[k] = this.#walk(v, extraKeys);
    }
    return out;
  }

  /** Every string value stored under a secret key (for scrubbing free text such as log lines). */
  collectSecrets(value: unknown, acc: Set<string> = new Set()): Set<string> {
    if (Array.isArray(value)) for (const v of value) this.collectSecrets(v, acc);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (this.isSecretKey(k) && typeof v === 'string' && v.length > 0) acc.add(v);
        else this.collectSecrets(v, acc);
      }
    }
    return acc;
  }
}

/** Pino redaction paths: credentials in headers and any body that might be logged. @public */
export const LOG_REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers["x-auth-token"]',
  'req.headers.cookie',
  'headers.authorization',
  'body',
  'req.body',
];
