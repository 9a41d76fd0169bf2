import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { serveConfigSchema } from './config.js';
import { agentConfigSchema, bootConfigSchema, pluginsConfigSchema } from './extensions-config.js';
import { consoleConfigSchema, metricsConfigSchema } from './observability-config.js';

const port = z.number().int().min(0).max(65535);

/**
 * Schema of the configuration of `ferric conductor` and `ferric api` (separate processes on a shared
 * PostgreSQL database): file < environment < flags. Conductor options (durations in seconds) live under `conductor` and are validated by
 * `@ferric/conductor`.
 * @public
 */
export const clusterConfigSchema = z
  .object({
    /** The shared database. */
    database: z
      .object({
        /** `postgres://user:password@host:5432/db` (the password is never logged). */
        url: z.string().regex(/^postgres(ql)?:\/\//i, 'database.url must be a postgres:// URL'),
        /** `pg` pool settings. */
        pool: z
          .object({
            max: z.number().int().min(1).optional(),
            idleTimeoutMillis: z.number().int().min(0).optional(),
            connectionTimeoutMillis: z.number().int().min(0).optional(),
            statementTimeoutMillis: z.number().int().min(0).optional(),
            reconnectForMs: z.number().int().min(0).optional(),
          })
          .strict()
          .default({}),
      })
      .strict(),
    /** Conductor RPC. */
    rpc: z
      .object({
        /** `json-rpc` (HTTP, Ironic's `json-rpc`) or `amqp` (RabbitMQ, Ironic's `oslo`); `in-process` only inside `ferric serve`. */
        transport: z.enum(['in-process', 'json-rpc', 'amqp']),
        /** Seconds a call waits for its answer. */
        timeout: z.number().positive().default(60),
        /** JSON-RPC server of a conductor process. */
        jsonRpc: z
          .object({
            host: z.string().min(1).default('127.0.0.1'),
            port: port.default(8089),
            /** Address peers use when it differs from `host` (e.g. listening on 0.0.0.0). */
            advertiseHost: z.string().min(1).optional(),
            /** Shared bearer token (required off loopback; at least 16 characters). */
            token: z.string().min(16, 'rpc.jsonRpc.token must be at least 16 characters').optional(),
          })
          .strict()
          .default({ host: '127.0.0.1', port: 8089 }),
        /** AMQP broker. */
        amqp: z
          .object({
            url: z.string().regex(/^amqps?:\/\//, 'rpc.amqp.url must be an amqp:// URL'),
            topic: z.string().min(1).default('ferric.conductor_manager'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((r) => r.transport !== 'amqp' || r.amqp, {
        message: 'rpc.amqp.url is required with rpc.transport "amqp"',
        path: ['amqp'],
      }),
    /** Conductor host name (lock owner, queue name). Default: the OS host name. */
    host: z.string().min(1).default(hostname()),
    /** Conductor group of this conductor. */
    conductorGroup: z.string().default(''),
    /** Further conductor options (`heartbeatTimeout`, `workersPoolSize`…), as for `createConductor`. */
    conductor: z.record(z.string(), z.unknown()).default({}),
    /** Module specifiers of driver plugins (default export: a `FerricPlugin`), loaded by both commands. */
    plugins: pluginsConfigSchema,
    /** Boot settings (`configureBoot`) and optional boot services of a conductor process. */
    boot: bootConfigSchema.optional(),
    /** Agent interface settings (`configureAgent`) of a conductor process. */
    agent: agentConfigSchema.optional(),
    /** API process: listen address, port, auth, public endpoint (as `ferric serve`). */
    api: z
      .object({
        host: serveConfigSchema.shape.host,
        port: serveConfigSchema.shape.port,
        auth: serveConfigSchema.shape.auth,
        publicEndpoint: serveConfigSchema.shape.publicEndpoint,
      })
      .strict()
      .default({ host: '127.0.0.1', port: 6385, auth: { strategy: 'noauth' } }),
    /** pino log level. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Prometheus metrics: on the API's address (api process), or on `metrics.listen` (any process). */
    metrics: metricsConfigSchema,
    /** The web console at `/console` of an API process. */
    console: consoleConfigSchema,
  })
  .strict();

/** Validated cluster process configuration. @public */
export type ClusterConfig = z.output<typeof clusterConfigSchema>;
/** Cluster process configuration as written by a user. @public */
export type ClusterConfigInput = z.input<typeof clusterConfigSchema>;

/** Configuration problems, each as `path: message`. @public */
export class InvalidClusterConfig extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid ferric conductor/api configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidClusterConfig';
  }
}

/** Environment variables read by {@link loadClusterConfig} (`ferric conductor|api`). @public */
export const CLUSTER_ENV_VARS = {
  FERRIC_CONFIG: 'path of a JSON config file',
  FERRIC_DATABASE_URL: 'postgres://… of the shared database',
  FERRIC_RPC_TRANSPORT: 'json-rpc | amqp',
  FERRIC_AMQP_URL: 'amqp://user:password@host:5672/vhost',
  FERRIC_JSON_RPC_HOST: 'JSON-RPC listen address of a conductor (default 127.0.0.1)',
  FERRIC_JSON_RPC_PORT: 'JSON-RPC port of a conductor (default 8089)',
  FERRIC_JSON_RPC_TOKEN: 'shared JSON-RPC bearer token',
  FERRIC_CONDUCTOR_HOST: 'conductor host name (default: OS host name)',
  FERRIC_CONDUCTOR_GROUP: 'conductor group (default "")',
  FERRIC_API_HOST: 'API listen address (default 127.0.0.1)',
  FERRIC_API_PORT: 'API port (default 6385)',
  FERRIC_LOG_LEVEL: 'pino level (default info)',
  FERRIC_PLUGINS: 'comma-separated plugin module specifiers',
} as const;

type Json = Record<string, unknown>;

function setPath(target: Json, path: string[], value: unknown): void {
  let o = target;
  for (const key of path.slice(0, -1)) {
    const next = o[key];
    o[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...(next as Json) } : {};
    o = o[key] as Json;
  }
  o[path[path.length - 1]!] = value;
}

function deepMerge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      typeof prev === 'object' &&
      prev !== null &&
      !Array.isArray(prev)
        ? deepMerge(prev as Json, v as Json)
        : v;
  }
  return out;
}

function envOverrides(env: NodeJS.ProcessEnv): Json {
  const out: Json = {};
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
  const map: [string, string[], (v: string) => unknown][] = [
    ['FERRIC_DATABASE_URL', ['database', 'url'], String],
    ['FERRIC_RPC_TRANSPORT', ['rpc', 'transport'], String],
    ['FERRIC_AMQP_URL', ['rpc', 'amqp', 'url'], String],
    ['FERRIC_JSON_RPC_HOST', ['rpc', 'jsonRpc', 'host'], String],
    ['FERRIC_JSON_RPC_PORT', ['rpc', 'jsonRpc', 'port'], num],
    ['FERRIC_JSON_RPC_TOKEN', ['rpc', 'jsonRpc', 'token'], String],
    ['FERRIC_CONDUCTOR_HOST', ['host'], String],
    ['FERRIC_CONDUCTOR_GROUP', ['conductorGroup'], String],
    ['FERRIC_API_HOST', ['api', 'host'], String],
    ['FERRIC_API_PORT', ['api', 'port'], num],
    ['FERRIC_LOG_LEVEL', ['logLevel'], String],
    [
      'FERRIC_PLUGINS',
      ['plugins'],
      (v) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
    ],
  ];
  for (const [name, path, conv] of map) {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(out, path, conv(v));
  }
  return out;
}

/**
 * Builds the configuration: config file (`file` or `$FERRIC_CONFIG`) < environment < `overrides`
 * (deep-merged). @throws InvalidClusterConfig listing every problem.
 */
export function loadClusterConfig(
  options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {},
): ClusterConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.FERRIC_CONFIG;
  let fromFile: Json = {};
  if (file) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(resolve(file), 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('must be a JSON object');
      fromFile = parsed as Json;
    } catch (err) {
      throw new InvalidClusterConfig([`config file ${file}: ${(err as Error).message}`]);
    }
  }
  const merged = deepMerge(deepMerge(fromFile, envOverrides(env)), options.overrides ?? {});
  const result = clusterConfigSchema.safeParse(merged);
  if (!result.success)
    throw new InvalidClusterConfig(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  if (result.data.rpc.transport === 'in-process')
    throw new InvalidClusterConfig([
      'rpc.transport: "in-process" only works inside one process (use `ferric serve`); choose json-rpc or amqp',
    ]);
  return result.data;
}
