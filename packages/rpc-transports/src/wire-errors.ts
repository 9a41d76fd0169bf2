import * as conductor from '@ferric/conductor';
import * as core from '@ferric/core';
import { FerricError, isFerricError } from '@ferric/core';

/** An error as it travels over a transport: enough to rebuild the typed error on the caller side. */
export interface WireError {
  code: string;
  message: string;
  httpStatus: number;
  details?: Readonly<Record<string, unknown>>;
}

type ErrorClass = typeof FerricError;

/** Every typed error class of `@ferric/core` and `@ferric/conductor`, by `code`. */
const CLASSES: ReadonlyMap<string, ErrorClass> = (() => {
  const map = new Map<string, ErrorClass>();
  for (const mod of [core, conductor] as Record<string, unknown>[]) {
    for (const value of Object.values(mod)) {
      if (typeof value !== 'function') continue;
      const cls = value as ErrorClass;
      if (cls === FerricError || cls.prototype instanceof FerricError) map.set(cls.code, cls);
    }
  }
  return map;
})();

/**
 * Serializes what a server-side handler threw. Typed errors keep `code`, `message`, `httpStatus` and
 * `details`; anything else becomes a 500 without internals (stack traces never leave the process).
 */
export function toWireError(err: unknown): WireError {
  if (isFerricError(err)) {
    return { code: err.code, message: err.message, httpStatus: err.httpStatus, details: err.details };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'InternalError', message, httpStatus: 500 };
}

/**
 * Rebuilds a typed error from its wire form: an instance of the class registered under `code` (so
 * `instanceof NodeLocked` and the 409/503 mapping work on the caller side), or a plain
 * {@link FerricError} carrying the remote `code` and `httpStatus` when the class is unknown here.
 */
export function fromWireError(wire: WireError): FerricError {
  const cls = CLASSES.get(wire.code) ?? FerricError;
  const err = Object.create(cls.prototype) as FerricError;
  const fields: Record<string, unknown> = {
    name: cls === FerricError ? 'FerricError' : cls.name,
    message: wire.message,
    code: wire.code,
    httpStatus: wire.httpStatus,
    details: wire.details ?? {},
    $$type: '@ferric/error',
  };
  for (const [k, v] of Object.entries(fields)) {
    Object.defineProperty(err, k, { value: v, enumerable: k !== 'name', writable: true, configurable: true });
  }
  Error.captureStackTrace?.(err, fromWireError);
  return err;
}

/** True when `value` looks like a {@link WireError}. */
export function isWireError(value: unknown): value is WireError {
  const v = value as Partial<WireError> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.code === 'string' &&
    typeof v.message === 'string' &&
    typeof v.httpStatus === 'number'
  );
}
