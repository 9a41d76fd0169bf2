import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { withDefaultDrivers } from './default-drivers.js';
import { agentConfigSchema, bootConfigSchema, pluginsConfigSchema } from './extensions-config.js';
import { consoleConfigSchema, metricsConfigSchema } from './observability-config.js';

/** Schema of `ferric serve` configuration (file + environment + flags). @public */
export const serveConfigSchema = z
  .object({
    /** Address to listen on. `noauth` is only allowed on loopback. */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port (Ironic's is 6385; 0 = ephemeral). */
    port: z.number().int().min(0).max(65535).default(6385),
    /** Directory holding the SQLite database. */
    dataDir: z
      .string()
      .min(1)
      .default(join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'ferric')),
    /** Authentication. */
    auth: z
      .discriminatedUnion('strategy', [
        z.object({ strategy: z.literal('noauth') }).strict(),
        z.object({ strategy: z.literal('http_basic'), htpasswdFile: z.string().min(1) }).strict(),
        z
          .object({
            strategy: z.literal('token'),
            tokens: z.array(z.string().min(16, 'tokens must be at least 16 characters')).min(1),
          })
          .strict(),
      ])
      .default({ strategy: 'noauth' }),
    /** Fixed base URL for links in responses. */
    publicEndpoint: z.url().optional(),
    /** pino log level. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Conductor options (validated by `@ferric/conductor`), e.g. `{ "workersPoolSize": 50 }`. */
    conductor: z.record(z.string(), z.unknown()).default({}),
    /** Enrol this many fake demo nodes and drive them to `available` at start (0 = no demo). */
    demoNodes: z.number().int().min(0).max(1000).default(0),
    /**
     * Module specifiers of driver plugins (default export: a `FerricPlugin`), e.g. `"@ferric/drivers-redfish"`.
     * Absent: the first-party packages and hardware types (`FIRST_PARTY_PLUGINS`, `DEFAULT_HARDWARE_TYPES`).
     */
    plugins: pluginsConfigSchema,
    /** Boot settings (`@ferric/boot-common` `configureBoot`), optionally with the boot services. */
    boot: bootConfigSchema.optional(),
    /** Agent interface settings (`@ferric/agent` `configureAgent`). */
    agent: agentConfigSchema.optional(),
    /** Prometheus metrics (`/metrics`, behind the API's auth, or on a separate address). */
    metrics: metricsConfigSchema,
    /** The web console at `/console`. */
    console: consoleConfigSchema,
  })
  .strict();

/** Validated `ferric serve` configuration. @public */
export type ServeConfig = z.output<typeof serveConfigSchema>;
/** `ferric serve` configuration as written by a user. @public */
export type ServeConfigInput = z.input<typeof serveConfigSchema>;

/** Configuration problems, each as `path: message`. @public */
export class InvalidServeConfig extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid ferric configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidServeConfig';
  }
}

/** Environment variables read by {@link loadServeConfig}. @public */
export const ENV_VARS = {
  FERRIC_CONFIG: 'path of a JSON config file',
  FERRIC_HOST: 'listen address (default 127.0.0.1)',
  FERRIC_PORT: 'listen port (default 6385)',
  FERRIC_DATA_DIR: 'data directory (default ~/.local/share/ferric)',
  FERRIC_AUTH: 'noauth | http_basic | token',
  FERRIC_HTPASSWD_FILE: 'htpasswd file with bcrypt hashes (http_basic)',
  FERRIC_AUTH_TOKENS: 'comma-separated static bearer tokens (token)',
  FERRIC_PUBLIC_ENDPOINT: 'base URL used in links',
  FERRIC_LOG_LEVEL: 'pino level (default info)',
  FERRIC_DEMO_NODES: 'number of fake demo nodes to enrol',
  FERRIC_PLUGINS: 'comma-separated plugin module specifiers',
} as const;

function envOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
  if (env.FERRIC_HOST) out.host = env.FERRIC_HOST;
  if (env.FERRIC_PORT) out.port = num(env.FERRIC_PORT);
  if (env.FERRIC_DATA_DIR) out.dataDir = env.FERRIC_DATA_DIR;
  if (env.FERRIC_PUBLIC_ENDPOINT) out.publicEndpoint = env.FERRIC_PUBLIC_ENDPOINT;
  if (env.FERRIC_LOG_LEVEL) out.logLevel = env.FERRIC_LOG_LEVEL;
  if (env.FERRIC_DEMO_NODES) out.demoNodes = num(env.FERRIC_DEMO_NODES);
  if (env.FERRIC_PLUGINS)
    out.plugins = env.FERRIC_PLUGINS.split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  if (env.FERRIC_AUTH) {
    const strategy = env.FERRIC_AUTH;
    if (strategy === 'http_basic') out.auth = { strategy, htpasswdFile: env.FERRIC_HTPASSWD_FILE ?? '' };
    else if (strategy === 'token')
      out.auth = { strategy, tokens: (env.FERRIC_AUTH_TOKENS ?? '').split(',').filter(Boolean) };
    else out.auth = { strategy };
  }
  return out;
}

/**
 * Builds the configuration: defaults < config file (`file` or `$FERRIC_CONFIG`) < environment < `overrides`.
 * @throws InvalidServeConfig listing every problem.
 */
export function loadServeConfig(
  options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {},
): ServeConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.FERRIC_CONFIG;
  let fromFile: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (err) {
      throw new InvalidServeConfig([`config file ${file}: ${(err as Error).message}`]);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('must be a JSON object');
      fromFile = parsed as Record<string, unknown>;
    } catch (err) {
      throw new InvalidServeConfig([`config file ${file}: ${(err as Error).message}`]);
    }
  }
  const merged = withDefaultDrivers({ ...fromFile, ...envOverrides(env), ...(options.overrides ?? {}) });
  const result = serveConfigSchema.safeParse(merged);
  if (!result.success) {
    throw new InvalidServeConfig(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}
