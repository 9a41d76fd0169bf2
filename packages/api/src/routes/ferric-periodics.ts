import type { PeriodicStats } from '@ferric/conductor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requireVersionOr404 } from '../context.js';
import { ApiError } from '../errors.js';

/**
 * Path prefix of Ferric's own resources. Ironic's API has no `/v1/ferric` resource and never
 * will have one named after another project, so nothing here can collide with it.
 */
export const FERRIC_PREFIX = '/v1/ferric';

/** One periodic task as the API shows it (snake_case like the rest of the API). */
function render(p: PeriodicStats): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    source: p.source,
    spacing: p.spacing,
    enabled: p.enabled,
    paused: p.paused,
    running: p.running,
    runs: p.runs,
    failures: p.failures,
    skipped: p.skipped,
    last_started_at: p.lastStartedAt,
    last_finished_at: p.lastFinishedAt,
    last_duration_ms: p.lastDurationMs,
    last_error: p.lastError,
    next_run_at: p.nextRunAt,
  };
}

const hostnameParams = {
  type: 'object',
  required: ['hostname'],
  properties: { hostname: { type: 'string', minLength: 1, maxLength: 255 } },
} as const;

/**
 * `GET /v1/ferric/conductors/{hostname}/periodics` (Ferric extension, API ≥ 1.49 like conductors):
 * the periodic tasks of one conductor — id, short name, spacing, enabled/paused/running, run,
 * failure and skip counts, the last run and the next one. Read-only. The request goes over conductor
 * RPC to that conductor, so it works for any conductor of a cluster, not only an in-process one.
 */
export function registerFerricPeriodicRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { hostname: string } }>(
    `${FERRIC_PREFIX}/conductors/:hostname/periodics`,
    {
      schema: {
        params: hostnameParams,
        summary: "A conductor's periodic tasks and their last runs (Ferric extension)",
        tags: ['conductors'],
      },
    },
    async (request: FastifyRequest<{ Params: { hostname: string } }>) => {
      requireVersionOr404(request, 49);
      const conductor = await ctx.backend.inventory.getConductor(request.params.hostname);
      if (!conductor.alive)
        throw new ApiError(
          503,
          `Conductor ${conductor.hostname} is not alive; its periodic tasks are not running.`,
        );
      const periodics = await ctx.backend.rpc.listConductorPeriodics({
        host: conductor.hostname,
        requestId: String(request.id),
      });
      return { hostname: conductor.hostname, periodics: periodics.map((p) => ctx.masker.mask(render(p))) };
    },
  );
}
