import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ConductorConfigInput,
  createConductor,
  type EmbeddedConductor,
  InProcessTransport,
} from '@ferric/conductor';
import type { FerricPlugin } from '@ferric/core';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { createApiServer } from './app.js';
import type { ServeConfig } from './config.js';
import { createDriverMetadata } from './driver-metadata.js';
import { LOG_REDACT_PATHS } from './masking.js';

/** A running all-in-one Ferric (API + conductor in one process). @public */
export interface FerricService {
  /** `http://host:port` the API listens on. */
  readonly url: string;
  readonly api: FastifyInstance;
  readonly conductor: EmbeddedConductor;
  /** Stops the API, then the conductor (graceful). */
  stop(): Promise<void>;
}

/** Options of {@link startService}. @public */
export interface StartServiceOptions {
  config: ServeConfig;
  /** Extra driver plugins (core's fake and no-op drivers are always loaded). */
  plugins?: readonly FerricPlugin[];
  /** Logger (default: pino to stdout at `config.logLevel`, secrets redacted). */
  logger?: Logger;
  /** SQLite file override (default `<dataDir>/ferric.sqlite`; `:memory:` for tests). */
  sqlitePath?: string;
}

/**
 * Starts the embedded defaults: SQLite under the data directory, an in-process conductor (fake-hardware
 * enabled), and the API on `config.host:config.port`.
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
  const conductor = createConductor({
    database: { sqlite },
    plugins: options.plugins ?? [],
    config: conductorConfig,
    logger: logger.child({ component: 'conductor' }),
    transport: new InProcessTransport(),
  });
  await conductor.start();
  let api: FastifyInstance | undefined;
  try {
    api = await createApiServer({
      backend: {
        rpc: conductor.rpc,
        inventory: conductor.inventory,
        drivers: createDriverMetadata(options.plugins ?? [], conductor.config),
        events: conductor.events,
      },
      auth: config.auth,
      listenHost: config.host,
      logger: logger.child({ component: 'api' }),
      ...(config.publicEndpoint ? { publicEndpoint: config.publicEndpoint } : {}),
    });
    await api.listen({ host: config.host, port: config.port });
  } catch (err) {
    await api?.close().catch(() => undefined);
    await conductor.stop();
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
    async stop() {
      await started.close();
      await conductor.stop();
    },
  };
}
