import {
  type ConductorClient,
  type ConductorConfigInput,
  createConductor,
  createConductorClient,
  type EmbeddedConductor,
  parseConductorConfig,
  type RpcServerTransport,
} from '@ferric/conductor';
import type { FerricPlugin } from '@ferric/core';
import { AmqpTransport, JsonRpcTransport } from '@ferric/rpc-transports';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { createApiServer } from './app.js';
import { createAuthenticator } from './auth/index.js';
import { createDriverMetadata } from './driver-metadata.js';
import { applyExtensions, loadPlugins } from './extensions.js';
import { LOG_REDACT_PATHS } from './masking.js';
import { Observability } from './observability.js';
import type { ClusterConfig } from './process-config.js';

/** A running `ferric conductor` or `ferric api` process. @public */
export interface ClusterProcess {
  /** What it serves: the conductor host name, or the API URL. */
  readonly name: string;
  /** Graceful stop. */
  stop(): Promise<void>;
}

/** Logger with secrets (BMC credentials, tokens, URLs with passwords) redacted. @public */
export function clusterLogger(config: ClusterConfig): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: [...LOG_REDACT_PATHS, 'token', '*.token', 'url', '*.url'], censor: '[redacted]' },
  });
}

function transportFor(config: ClusterConfig, logger: Logger): JsonRpcTransport | AmqpTransport {
  const timeoutMs = config.rpc.timeout * 1000;
  if (config.rpc.transport === 'amqp') {
    const amqp = config.rpc.amqp!;
    return new AmqpTransport({ url: amqp.url, topic: amqp.topic, timeoutMs, logger });
  }
  return new JsonRpcTransport({
    timeoutMs,
    logger,
    ...(config.rpc.jsonRpc.token ? { token: config.rpc.jsonRpc.token } : {}),
  });
}

function conductorInput(config: ClusterConfig): ConductorConfigInput {
  return {
    ...(config.conductor as ConductorConfigInput),
    host: config.host,
    conductorGroup: config.conductorGroup,
  };
}

/**
 * Starts a conductor process: its RPC server (JSON-RPC listener, or AMQP queue
 * `<topic>.<host>`), then the conductor on the shared PostgreSQL database.
 * @public
 */
export async function startConductorProcess(
  config: ClusterConfig,
  options: { logger?: Logger; plugins?: readonly FerricPlugin[] } = {},
): Promise<
  ClusterProcess & { conductor: EmbeddedConductor; rpcAddress: string | null; metricsUrl: string | null }
> {
  const logger = options.logger ?? clusterLogger(config);
  const extensions = await applyExtensions(config, { logger });
  const plugins = [...(options.plugins ?? []), ...extensions.plugins];
  const transport = transportFor(config, logger.child({ component: 'rpc' }));
  let rpcAddress: string | null = null;
  if (transport instanceof JsonRpcTransport) {
    const j = config.rpc.jsonRpc;
    try {
      rpcAddress = await transport.listen(j.host, j.port, j.advertiseHost);
    } catch (err) {
      await extensions.stop();
      throw err;
    }
  }
  const conductor = createConductor({
    database: { url: config.database.url, pool: config.database.pool },
    plugins,
    config: conductorInput(config),
    logger: logger.child({ component: 'conductor' }),
    transport: transport as RpcServerTransport,
    ...(rpcAddress ? { rpcAddress } : {}),
  });
  if (transport instanceof JsonRpcTransport) transport.setAddressResolver((h) => conductor.rpcAddressOf(h));
  else await transport.start();
  let observability: Observability | undefined;
  try {
    await conductor.start();
    observability = new Observability(config, {
      conductor,
      inventory: conductor.inventory,
      defaultLabels: { process: 'conductor', host: conductor.host },
    });
    await observability.listen(
      createAuthenticator(config.api.auth, config.metrics.listen?.host ?? '127.0.0.1'),
    );
  } catch (err) {
    await observability?.stop();
    await conductor.stop().catch(() => undefined);
    await transport.close();
    await extensions.stop();
    throw err;
  }
  const obs = observability;
  return {
    name: conductor.host,
    conductor,
    rpcAddress,
    metricsUrl: obs.listenerUrl,
    async stop() {
      await obs.stop();
      await conductor.stop();
      await transport.close();
      await extensions.stop();
    },
  };
}

/**
 * Starts an API process: the Ironic REST API over the shared database (reads) and conductor RPC
 * (writes), without a conductor of its own.
 * @public
 */
export async function startApiProcess(
  config: ClusterConfig,
  options: { logger?: Logger; plugins?: readonly FerricPlugin[] } = {},
): Promise<ClusterProcess & { url: string; api: FastifyInstance; client: ConductorClient }> {
  const logger = options.logger ?? clusterLogger(config);
  const plugins = [...(options.plugins ?? []), ...(await loadPlugins(config.plugins))];
  const conductorConfig = parseConductorConfig(conductorInput(config));
  const transport = transportFor(config, logger.child({ component: 'rpc' }));
  const client = await createConductorClient({
    database: { url: config.database.url, pool: config.database.pool },
    transport,
    heartbeatTimeout: conductorConfig.heartbeatTimeout,
    hashRingResetInterval: conductorConfig.hashRingResetInterval,
    logger,
  });
  if (transport instanceof JsonRpcTransport) transport.setAddressResolver((h) => client.rpcAddressOf(h));
  else await transport.start();
  const observability = new Observability(config, {
    inventory: client.inventory,
    defaultLabels: { process: 'api' },
  });
  let api: FastifyInstance | undefined;
  try {
    api = await createApiServer({
      backend: {
        rpc: client.rpc,
        inventory: client.inventory,
        drivers: createDriverMetadata(plugins, conductorConfig),
      },
      auth: config.api.auth,
      listenHost: config.api.host,
      logger: logger.child({ component: 'api' }),
      ...(config.api.publicEndpoint ? { publicEndpoint: config.api.publicEndpoint } : {}),
      publicPrefixes: observability.publicPrefixes,
      extend: observability.extendApi,
    });
    await api.listen({ host: config.api.host, port: config.api.port });
  } catch (err) {
    await api?.close().catch(() => undefined);
    await observability.stop();
    await transport.close();
    await client.close();
    throw err;
  }
  const addr = api.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.api.port;
  const host = config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host;
  const started = api;
  return {
    name: `http://${host}:${port}`,
    url: `http://${host}:${port}`,
    api: started,
    client,
    async stop() {
      await started.close();
      await observability.stop();
      await transport.close();
      await client.close();
    },
  };
}
