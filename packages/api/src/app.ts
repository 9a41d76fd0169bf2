import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { type Logger, pino } from 'pino';
import { type AuthConfig, type Authenticator, createAuthenticator, isPublicRoute } from './auth/index.js';
import type { ApiBackend } from './backend.js';
import type { RouteContext } from './context.js';
import { ApiError, classifyError, errorBody } from './errors.js';
import { stripJsonSuffix } from './json-suffix.js';
import { registerLenientBooleans } from './lenient-booleans.js';
import { SecretMasker } from './masking.js';
import { buildOpenApi, type RouteRecord } from './openapi.js';
import { registerAllocationRoutes } from './routes/allocations.js';
import { registerChassisRoutes } from './routes/chassis.js';
import { registerConductorRoutes } from './routes/conductors.js';
import { registerDeployTemplateRoutes } from './routes/deploy-templates.js';
import { registerDriverRoutes } from './routes/drivers.js';
import { registerEventRoutes } from './routes/events.js';
import { registerExternalEventRoutes } from './routes/external-events.js';
import { registerFerricPeriodicRoutes } from './routes/ferric-periodics.js';
import { registerFirmwareRoutes } from './routes/firmware.js';
import { registerHistoryRoutes } from './routes/history.js';
import { registerInspectionRoutes } from './routes/inspection.js';
import { registerNodeActionRoutes } from './routes/node-actions.js';
import { registerNodeHardwareRoutes } from './routes/node-hardware.js';
import { registerNodeInspectionDataRoutes } from './routes/node-inspection-data.js';
import { registerNodeRoutes } from './routes/nodes.js';
import { registerPortgroupRoutes } from './routes/portgroups.js';
import { registerPortRoutes } from './routes/ports.js';
import { registerRamdiskRoutes } from './routes/ramdisk.js';
import { registerRootRoutes } from './routes/root.js';
import { registerShardRoutes } from './routes/shards.js';
import { registerTraitRoutes } from './routes/traits.js';
import { registerVmediaRoutes } from './routes/vmedia.js';
import { registerVolumeRoutes } from './routes/volume.js';
import { MAX_MINOR, MIN_MINOR, parseRequestedVersion, VERSION_HEADERS, versionString } from './versioning.js';

/** Options of {@link createApiServer}. @public */
export interface ApiServerOptions {
  /** Conductor RPC, read inventory, driver metadata and (optionally) the event stream. */
  backend: ApiBackend;
  /** Authentication (default `noauth`, which is only allowed on loopback). */
  auth?: AuthConfig;
  /** Host the server will listen on; `noauth` is refused unless it is loopback. Default `127.0.0.1`. */
  listenHost?: string;
  /** A pino logger (Fastify's own); default: no logging. */
  logger?: Logger;
  /** Fixed base URL for links (`http://bm.example.com:6385`); default: derived from each request. */
  publicEndpoint?: string;
  /** Maximum request body in bytes (default 8 MiB: config drives can be large). */
  bodyLimit?: number;
  /** Agents must present the one-time token from lookup on heartbeat (default true). */
  agentTokenRequired?: boolean;
  /**
   * URL prefixes served without credentials besides Ironic's public routes (the console's static
   * files, e.g. `/console`: the page asks for credentials and sends them with every API call).
   */
  publicPrefixes?: readonly string[];
  /**
   * Adds hooks and routes (metrics, console) before the API's own routes, with the API's
   * authenticator (so a separate metrics listener can accept the same credentials).
   */
  extend?: (app: FastifyInstance, parts: { authenticator: Authenticator }) => Promise<void> | void;
  /**
   * Milliseconds a client has to send a whole request, headers and body (default 30 000); a slow or
   * stalled body is cut off with a 408. Responses (event streams) are not limited by it.
   */
  requestTimeoutMs?: number;
  /** Milliseconds a client has to send the request headers (default 15 000). */
  headersTimeoutMs?: number;
  /** Open connections the server accepts at once; more are closed at once (default 1024). */
  maxConnections?: number;
}

const PARSE_ERROR = 'Failed to parse the request body as JSON.';

/** Body length (characters) from which a reply is encoded to a Buffer before writing (see onSend). */
const LARGE_BODY = 64 * 1024;

/** JSON.parse that refuses prototype-poisoning keys and numbers JSON cannot hold (`1e999`). */
function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value) => {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype')
      throw new ApiError(400, 'Forbidden key in JSON body.');
    // `1e999` parses to Infinity, which would be stored as null: refuse it like Ironic's parser.
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new ApiError(400, 'Number out of range in JSON body.');
    return value as unknown;
  });
}

/** The first segment of a path (`''` for `/`), ignoring repeated slashes. */
function firstSegment(url: string): string {
  const path = url.replace(/^\/+/, '');
  const end = path.search(/[/?]/);
  return end < 0 ? path : path.slice(0, end);
}

/**
 * Ironic serves a path that does not start with a version as the default version's: `/nodes/x`
 * is `/v1/nodes/x` (clients follow the `bookmark` links, which have no version, and some build
 * such paths themselves). Paths of routes registered outside `/v1` keep their meaning.
 */
function unversionedToV1(url: string, topLevel: ReadonlySet<string>): string {
  const first = firstSegment(url);
  if (first === '' || first === 'v1' || topLevel.has(first)) return url;
  return `/v1/${url.replace(/^\/+/, '')}`;
}

/**
 * Creates the Ironic-compatible REST API (Fastify 5) — not yet listening; call `listen()` on the
 * result. Every error is answered with Ironic's body; secrets are masked in responses and logs.
 *
 * @example
 * ```ts
 * const app = await createApiServer({ backend: { rpc, inventory, drivers, events } });
 * await app.listen({ host: '127.0.0.1', port: 6385 });
 * ```
 * @public
 */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  const authenticator = createAuthenticator(options.auth ?? { strategy: 'noauth' }, listenHost);
  const masker = new SecretMasker(options.backend.drivers.secretKeys());
  const prefixes = (options.publicPrefixes ?? []).map((p) => p.replace(/\/+$/, ''));
  const isPublicPrefix = (url: string) => {
    if (prefixes.length === 0) return false;
    const path = url.split('?')[0]!;
    return prefixes.some((p) => path === p || path.startsWith(`${p}/`));
  };
  const jsonSuffixed = new WeakSet<IncomingMessage>();
  const ctx: RouteContext = {
    backend: options.backend,
    masker,
    publicEndpoint: options.publicEndpoint,
    agentTokenRequired: options.agentTokenRequired ?? true,
    jsonSuffixed,
  };
  // First path segments of routes registered outside /v1 (`/`, and whatever an extension adds):
  // filled as routes are added, read by rewriteUrl on each request.
  const topLevel = new Set<string>();
  const app: FastifyInstance = Fastify({
    // Unversioned paths are /v1 paths; then a `.json` suffix goes before 1.91.
    rewriteUrl: (req) => stripJsonSuffix(req, jsonSuffixed, unversionedToV1(req.url ?? '/', topLevel)),
    loggerInstance: (options.logger ?? pino({ level: 'silent' })) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    http: {
      headersTimeout: Math.min(options.headersTimeoutMs ?? 15_000, options.requestTimeoutMs ?? 30_000),
      // How often Node looks for requests past those timeouts (its default, 30 s, doubles them).
      connectionsCheckingInterval: 2_000,
    },
    genReqId: () => `req-${randomUUID()}`,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 512 },
    // No type coercion anywhere: a number is not a string (query values are validated as strings).
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
    frameworkErrors: (err, request, reply) => {
      void (reply as unknown as FastifyReply)
        .code(400)
        .header('Content-Type', 'application/json')
        .header('Openstack-Request-Id', request.id)
        .header(VERSION_HEADERS.min, versionString(MIN_MINOR))
        .header(VERSION_HEADERS.max, versionString(MAX_MINOR))
        .send(errorBody(400, err.message));
    },
  });

  // Past the cap, new sockets are closed at once: a flood of idle or slow connections cannot take
  // every file descriptor of the process.
  app.server.maxConnections = options.maxConnections ?? 1024;

  const routes: RouteRecord[] = [];
  app.addHook('onRoute', (r) => {
    const first = firstSegment(r.url);
    if (first !== 'v1') topLevel.add(first);
    routes.push({ method: r.method, url: r.url, schema: r.schema as RouteRecord['schema'] });
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/*+json'],
    { parseAs: 'string' },
    (_req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, parseJson(text));
      } catch (err) {
        done(err instanceof ApiError ? err : new ApiError(400, PARSE_ERROR), undefined);
      }
    },
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    if (String(body) === '') return done(null, undefined);
    done(new ApiError(415, 'Unsupported content type; send application/json.'), undefined);
  });

  app.decorateRequest('apiMinor', MIN_MINOR);
  registerLenientBooleans(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('Openstack-Request-Id', request.id);
    // Ironic's request-id middleware sends both names at every version (1.107 documents it).
    reply.header('X-Openstack-Request-Id', request.id);
    reply.header(VERSION_HEADERS.min, versionString(MIN_MINOR));
    reply.header(VERSION_HEADERS.max, versionString(MAX_MINOR));
    if (!isPublicRoute(request.method, request.url) && !isPublicPrefix(request.url)) {
      const ok = await authenticator.check(
        request.headers.authorization ?? tokenHeader(request.headers['x-auth-token']),
      );
      if (!ok) {
        if (authenticator.challenge) reply.header('WWW-Authenticate', authenticator.challenge);
        throw new ApiError(401, 'The request you have made requires authentication.');
      }
    }
    const v = parseRequestedVersion(request.headers);
    if (!v.ok) throw new ApiError(406, v.message);
    request.apiMinor = v.minor;
    reply.header(VERSION_HEADERS.version, versionString(v.minor));
  });

  // Node writes a string body by concatenating it to the header block, flattening that and encoding
  // it (two copies); a Buffer goes out next to the header as is. For large bodies (a detailed list
  // of 1,000 nodes is 2.4 MB) encoding once here saves about a third of the write's CPU time.
  app.addHook('onSend', (_request, _reply, payload, done) => {
    done(null, typeof payload === 'string' && payload.length >= LARGE_BODY ? Buffer.from(payload) : payload);
  });

  app.setErrorHandler((err, request, reply) => {
    const { status, message, headers } = classifyError(err);
    // A 503 (no free worker, concurrency limit, conductor restarting) is expected under load and the
    // client retries: one error line per refused request would flood the log in a burst.
    if (status >= 500 && status !== 503)
      request.log.error(
        { err: { code: (err as { code?: string }).code, message: (err as Error).message } },
        'request failed',
      );
    else request.log.info({ status, reason: message }, 'request rejected');
    void reply
      .code(status)
      .headers(headers)
      .header('Content-Type', 'application/json')
      .send(errorBody(status, message));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .header('Content-Type', 'application/json')
      .send(errorBody(404, 'The resource could not be found.'));
    void request;
  });

  await options.extend?.(app, { authenticator });
  registerRootRoutes(app, ctx);
  registerNodeRoutes(app, ctx);
  registerNodeActionRoutes(app, ctx);
  registerNodeHardwareRoutes(app, ctx);
  registerTraitRoutes(app, ctx);
  registerHistoryRoutes(app, ctx);
  registerNodeInspectionDataRoutes(app, ctx);
  registerFirmwareRoutes(app, ctx);
  registerVmediaRoutes(app, ctx);
  registerShardRoutes(app, ctx);
  registerPortRoutes(app, ctx);
  registerPortgroupRoutes(app, ctx);
  registerChassisRoutes(app, ctx);
  registerAllocationRoutes(app, ctx);
  registerVolumeRoutes(app, ctx);
  registerDeployTemplateRoutes(app, ctx);
  registerDriverRoutes(app, ctx);
  registerConductorRoutes(app, ctx);
  registerRamdiskRoutes(app, ctx);
  registerInspectionRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerExternalEventRoutes(app, ctx);
  registerFerricPeriodicRoutes(app, ctx);

  let openapi: Record<string, unknown> | undefined;
  app.get('/v1/openapi.json', { schema: { summary: 'This OpenAPI document', tags: ['root'] } }, async () => {
    openapi ??= buildOpenApi(routes);
    return openapi;
  });
  return app;
}

function tokenHeader(v: string | string[] | undefined): string | undefined {
  const t = Array.isArray(v) ? v[0] : v;
  return t ? `Bearer ${t}` : undefined;
}
