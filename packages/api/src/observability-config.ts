import { z } from 'zod';

/** `metrics` section of the serve and cluster configuration. @public */
export const metricsConfigSchema = z
  .object({
    /** Serve Prometheus metrics (default `true`). */
    enabled: z.boolean().default(true),
    /** Path of the metrics endpoint (default `/metrics`). */
    path: z
      .string()
      .regex(/^\/[\w./-]*$/, 'metrics.path must be an absolute URL path')
      .default('/metrics'),
    /**
     * Serve the metrics on their own address instead of the API's (a conductor process has no API:
     * set it there to be scraped). Same credentials as the API.
     */
    listen: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535),
      })
      .strict()
      .optional(),
    /** Seconds between full recounts of the node gauges (events keep them current in between). */
    recountInterval: z.number().positive().default(60),
  })
  .strict()
  .default({ enabled: true, path: '/metrics', recountInterval: 60 });

/** `console` section of the serve and cluster configuration. @public */
export const consoleConfigSchema = z
  .object({
    /** Serve the web console at `/console` (default `true`). */
    enabled: z.boolean().default(true),
  })
  .strict()
  .default({ enabled: true });

/** Validated `metrics` section. @public */
export type MetricsSection = z.output<typeof metricsConfigSchema>;
/** Validated `console` section. @public */
export type ConsoleSection = z.output<typeof consoleConfigSchema>;
