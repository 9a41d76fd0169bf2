import type { ConductorEventStream } from '@ferric/conductor';
import { registerConsole } from '@ferric/console';
import {
  FerricMetrics,
  type MetricsListener,
  type NodeSource,
  type ObservedConductor,
  startMetricsListener,
} from '@ferric/metrics';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from './auth/index.js';
import type { ConsoleSection, MetricsSection } from './observability-config.js';

/** URL prefix of the web console. */
export const CONSOLE_PREFIX = '/console';

/** What one process observes: its conductor (if it runs one) and the node table. */
export interface ObservedParts {
  conductor?: ObservedConductor & { events: ConductorEventStream };
  inventory: NodeSource;
  /** Labels on every series, e.g. `{ process: 'api' }`. */
  defaultLabels?: Record<string, string>;
}

/** Metrics and console of one process, attached to its API (if any) or a listener of their own. */
export class Observability {
  readonly metrics: FerricMetrics | null;
  #listener: MetricsListener | null = null;

  constructor(
    private readonly config: { metrics: MetricsSection; console: ConsoleSection },
    parts: ObservedParts,
  ) {
    if (!config.metrics.enabled) {
      this.metrics = null;
      return;
    }
    const metrics = new FerricMetrics(parts.defaultLabels ? { defaultLabels: parts.defaultLabels } : {});
    if (parts.conductor) metrics.observeConductor(parts.conductor);
    metrics.observeInventory(parts.inventory, {
      recountInterval: config.metrics.recountInterval,
      ...(parts.conductor ? { events: parts.conductor.events } : {}),
    });
    this.metrics = metrics;
  }

  /** Prefixes the API serves without credentials (the console's static files). */
  get publicPrefixes(): string[] {
    return this.config.console.enabled ? [CONSOLE_PREFIX] : [];
  }

  /** `createApiServer`'s `extend`: request metrics, `/metrics` (unless on its own address), the console. */
  readonly extendApi = async (
    app: FastifyInstance,
    parts: { authenticator: Authenticator },
  ): Promise<void> => {
    if (this.metrics) {
      this.metrics.instrumentApi(app);
      if (this.config.metrics.listen) await this.listen(parts.authenticator);
      else this.metrics.registerEndpoint(app, this.config.metrics.path);
    }
    if (this.config.console.enabled) await registerConsole(app, { prefix: CONSOLE_PREFIX });
  };

  /** Starts the separate metrics listener when `metrics.listen` is set (a conductor process calls this). */
  async listen(authenticator: Authenticator): Promise<string | null> {
    const at = this.config.metrics.listen;
    if (!this.metrics || !at || this.#listener) return this.#listener?.url ?? null;
    this.#listener = await startMetricsListener(this.metrics, {
      host: at.host,
      port: at.port,
      path: this.config.metrics.path,
      authorize: (h) => authenticator.check(h),
      challenge: authenticator.challenge,
    });
    return this.#listener.url;
  }

  /** URL of the separate metrics listener, if one runs. */
  get listenerUrl(): string | null {
    return this.#listener?.url ?? null;
  }

  /** Stops the recounts and the listener. */
  async stop(): Promise<void> {
    this.metrics?.close();
    await this.#listener?.close();
    this.#listener = null;
  }
}
