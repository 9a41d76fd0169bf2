import { Ajv, type ValidateFunction } from 'ajv';
import { badRequest } from './errors.js';

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
const cache = new WeakMap<object, ValidateFunction>();

/** Validates `value` against a JSON Schema; throws 400 with the first problem. */
export function assertValid(schema: Record<string, unknown>, value: unknown, what: string): void {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  if (!fn(value)) {
    const e = fn.errors?.[0];
    const where = e?.instancePath ? e.instancePath.replace(/^\//, '').replace(/\//g, '.') : what;
    throw badRequest(`Invalid ${what}: ${where} ${e?.message ?? 'is invalid'}`.trim());
  }
}
