import type { FastifyInstance, FastifyRequest } from 'fastify';

/** oslo `strutils.bool_from_string(strict=True)` spellings (case-insensitive, trimmed). */
const TRUE = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const FALSE = new Set(['0', 'f', 'false', 'off', 'n', 'no']);

/**
 * Ironic's lenient boolean: a boolean stays, a `bool_from_string` spelling becomes the boolean, anything
 * else is returned unchanged (so the schema still refuses it — numbers are never coerced).
 * @public
 */
export function lenientBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return value;
}

/**
 * Body fields Ironic reads with `args.boolean` (string spellings accepted), per `METHOD route`; for
 * PATCH routes, the JSON Patch paths whose `value` is such a boolean.
 */
const BOOLEAN_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'POST /v1/nodes': ['automated_clean', 'protected', 'retired', 'maintenance', 'console_enabled'],
  'PATCH /v1/nodes/:node_ident': [
    'automated_clean',
    'protected',
    'retired',
    'maintenance',
    'console_enabled',
  ],
  'POST /v1/ports': ['pxe_enabled', 'is_smartnic'],
  'PATCH /v1/ports/:port_id': ['pxe_enabled', 'is_smartnic'],
  'POST /v1/portgroups': ['standalone_ports_supported'],
  'PATCH /v1/portgroups/:portgroup_ident': ['standalone_ports_supported'],
  'PUT /v1/nodes/:node_ident/management/boot_device': ['persistent'],
  'PUT /v1/nodes/:node_ident/states/console': ['enabled'],
  'PUT /v1/nodes/:node_ident/states/secure_boot': ['target'],
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Converts the lenient booleans of one request body in place (before schema validation). */
function convert(request: FastifyRequest): void {
  const fields = BOOLEAN_FIELDS[`${request.method} ${request.routeOptions.url ?? ''}`];
  if (!fields) return;
  const body: unknown = request.body;
  if (request.method === 'PATCH') {
    if (!Array.isArray(body)) return;
    const paths = new Set(fields.map((f) => `/${f}`));
    for (const op of body) {
      if (
        isObject(op) &&
        (op.op === 'add' || op.op === 'replace') &&
        typeof op.path === 'string' &&
        paths.has(op.path)
      )
        op.value = lenientBoolean(op.value);
    }
    return;
  }
  if (!isObject(body)) return;
  for (const f of fields) if (f in body) body[f] = lenientBoolean(body[f]);
}

/**
 * Accepts Ironic's string spellings of booleans (`"true"`, `"False"`, `"yes"`, `"0"`…) in the body
 * fields Ironic reads as booleans — e.g. `baremetal port create --pxe-enabled true` sends `"true"` —
 * without general type coercion (every other field keeps its exact JSON type).
 * @public
 */
export function registerLenientBooleans(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    convert(request);
  });
}
