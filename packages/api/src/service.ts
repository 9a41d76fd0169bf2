import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ConductorConfigInput,
  createConductor,
  type EmbeddedConductor,
  InProcessTransport,
} from '@ferric/conductor';
import type { FerricPlugin } from '@ferric/core';
import type { FerricMetrics } from '@ferric/metrics';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { createApiServer } from './app.js';
import type { ServeConfig } from './config.js';
import { createDriverMetadata } from './driver-metadata.js';
import { applyExtensions } from './extensions.js';
import { LOG_REDACT_PATHS } from './masking.js';
import { Observability } from './observability.js';

/** A running all-in-one Ferric (API + conductor in one process). @public */
export interface FerricService {
  /** `http://host:port` the API listens on. */
  readonly url: string;
  readonly api: FastifyInstance;
  readonly conductor: EmbeddedConductor;
  /** The boot HTTP service's URL when `config.boot.services` started it in this process. */
  readonly bootHttpUrl: string | null;
  /** This process's metrics (`null` when `config.metrics.enabled` is false). */
  readonly metrics: FerricMetrics | null;
  /** Where the metrics are served (the API's `/metrics`, or the separate listener). */
  readonly metricsUrl: string;
  /** Stops the API, then the conductor (graceful), then the boot services. */
  stop(): Promise<void>;
}

/** Options of {@link startService}. @public */
export interface StartServiceOptions {
  config: ServeConfig;
  /** Driver plugins besides `config.plugins` (core's fake and no-op drivers are always loaded). */
  plugins?: readonly FerricPlugin[];
  /** Logger (default: pino to stdout at `config.logLevel`, secrets redacted). */
  logger?: Logger;
  /** SQLite file override (default `<dataDir>/ferric.sqlite`; `:memory:` for tests). */
  sqlitePath?: string;
}

/**
 * Starts the embedded defaults: SQLite under the data directory, an in-process conductor (fake-hardware
 * enabled), and the API on `config.host:config.port`. First applies `config.boot` / `config.agent`
 * (and starts the boot services when asked) and loads `config.plugins`.
 * @throws ExtensionConfigError when a plugin cannot be loaded or the boot services cannot start.
 * @public
 */
export async function startService(options: StartServiceOptions): Promise<FerricService> {
  const { config } = options;
  const logger =
    options.logger ??
    pino({ level: config.logLevel, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } });
  const sqlite = options.sqlitePath ?? join(config.dataDir, 'ferric.sqlite');
  if (sqlite !== ':memory:') mkdirSync(config.dataDir, { recursive: true });
  const conductorConfig = config.conductor as ConductorConfigInput;
  const extensions = await applyExtensions(config, { logger });
  const plugins = [...(options.plugins ?? []), ...extensions.plugins];
  let conductor: EmbeddedConductor;
  try {
    conductor = createConductor({
      database: { sqlite },
      plugins,
      config: conductorConfig,
      logger: logger.child({ component: 'conductor' }),
      transport: new InProcessTransport(),
    });
    await conductor.start();
  } catch (err) {
    await extensions.stop();
    throw err;
  }
  const observability = new Observability(config, {
    conductor,
    inventory: conductor.inventory,
    defaultLabels: { process: 'serve' },
  });
  let api: FastifyInstance | undefined;
  try {
    api = await createApiServer({
      backend: {
        rpc: conductor.rpc,
        inventory: conductor.inventory,
        drivers: createDriverMetadata(plugins, conductor.config),
        events: conductor.events,
      },
      auth: config.auth,
      listenHost: config.host,
      logger: logger.child({ component: 'api' }),
      ...(config.publicEndpoint ? { publicEndpoint: config.publicEndpoint } : {}),
      publicPrefixes: observability.publicPrefixes,
      extend: observability.extendApi,
    });
    await api.listen({ host: config.host, port: config.port });
  } catch (err) {
    await api?.close().catch(() => undefined);
    await observability.stop();
    await conductor.stop();
    await extensions.stop();
    throw err;
  }
  const addr = api.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const started = api;
  return {
    url: `http://${host}:${port}`,
    api: started,
    conductor,
    bootHttpUrl: extensions.bootHttpUrl,
    metrics: observability.metrics,
    metricsUrl: observability.listenerUrl ?? `http://${host}:${port}${config.metrics.path}`,
    async stop() {
      await started.close();
      await observability.stop();
      await conductor.stop();
      await extensions.stop();
    },
  };
}
