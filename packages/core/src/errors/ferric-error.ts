/** Options accepted by every {@link FerricError}. @public */
export interface FerricErrorOptions {
  /** The underlying error, kept for diagnostics (`error.cause`). */
  cause?: unknown;
  /** Structured, machine-readable context (never secrets). */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every error Ferric raises on purpose.
 *
 * Each subclass has a stable {@link FerricError.code} (safe to switch on across
 * versions and process boundaries) and an HTTP status hint that the API layer maps
 * to Ironic's error body. Identity checks should use {@link isFerricError} or the
 * `code`, not `instanceof`, because two copies of `@ferric/core` may be loaded.
 * @public
 */
export class FerricError extends Error {
  /** Stable, machine-readable error code (defaults to the class name). */
  static readonly code: string = 'FerricError';
  /** HTTP status the API answers with when this error reaches it. */
  static readonly httpStatus: number = 500;

  /** Brand that survives duplicate package copies. */
  readonly $$type = '@ferric/error' as const;
  /** Stable error code, see {@link FerricError.code}. */
  readonly code: string;
  /** HTTP status hint for the API layer. */
  readonly httpStatus: number;
  /** Structured context for logs and clients. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, options: FerricErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as typeof FerricError;
    this.name = ctor.name;
    this.code = ctor.code;
    this.httpStatus = ctor.httpStatus;
    this.details = options.details ?? {};
  }

  /** A plain-object form for RPC transports and structured logs. */
  toJSON(): {
    code: string;
    message: string;
    httpStatus: number;
    details: Readonly<Record<string, unknown>>;
  } {
    return { code: this.code, message: this.message, httpStatus: this.httpStatus, details: this.details };
  }
}

/**
 * True when `value` is a {@link FerricError}, even one created by another copy of
 * `@ferric/core`.
 * @public
 */
export function isFerricError(value: unknown): value is FerricError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $$type?: unknown }).$$type === '@ferric/error' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}
