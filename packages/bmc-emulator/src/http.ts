import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { Errors } from './errors.js';
import { checkIfMatch, etagMatches, etagOf } from './etag.js';
import type { JsonObject, JsonValue } from './odata.js';
import type { RedfishService } from './service.js';

/** Everything a resource handler gets about one request. */
export interface RequestContext {
  /** The service the request reached. */
  service: RedfishService;
  /** Path parameters. */
  params: Record<string, string>;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  /** The request path without query. */
  path: string;
  /** Request headers. */
  headers: FastifyRequest['headers'];
  /** Authenticated user (empty for public resources). */
  username: string;
}

/** What a POST/DELETE handler answers. */
export interface HandlerReply {
  /** Status code (default 204 without body, 200 with). */
  status?: number;
  /** JSON body. */
  body?: JsonValue;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** Handlers of one Redfish resource path. */
export interface ResourceHandlers {
  /** Renders the resource (GET/HEAD, and the ETag basis for PATCH). */
  get?: (ctx: RequestContext) => JsonObject | Promise<JsonObject>;
  /** Applies a PATCH body (after the `If-Match` check); the resource is re-rendered afterwards. */
  patch?: (ctx: RequestContext, body: JsonObject) => void | Promise<void>;
  /** Handles POST (actions, collection creates). */
  post?: (ctx: RequestContext) => HandlerReply | Promise<HandlerReply>;
  /** Handles DELETE. */
  delete?: (ctx: RequestContext) => HandlerReply | Promise<HandlerReply>;
  /** Whether the resource needs authentication. Default true. */
  auth?: boolean;
  /** Whether POST needs authentication (login). Default same as `auth`. */
  postAuth?: boolean;
}

const services = new WeakMap<IncomingMessage, RedfishService>();

/** Binds a raw request to the service it reached (done by the server per listening port). */
export function bindService(req: IncomingMessage, service: RedfishService): void {
  services.set(req, service);
}

/** The service a request reached. */
export function serviceOf(req: FastifyRequest): RedfishService {
  const service = services.get(req.raw);
  if (!service) throw Errors.generalError(500, 'no service is bound to this port');
  return service;
}

const ALL_METHODS: HTTPMethods[] = ['GET', 'PATCH', 'POST', 'DELETE', 'PUT'];

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Registers one Redfish resource path: GET with ETag, PATCH with If-Match, POST, DELETE, 405 otherwise. */
export function resource(app: FastifyInstance, path: string, handlers: ResourceHandlers): void {
  const allowed = [
    ...(handlers.get ? ['GET', 'HEAD'] : []),
    ...(handlers.patch ? ['PATCH'] : []),
    ...(handlers.post ? ['POST'] : []),
    ...(handlers.delete ? ['DELETE'] : []),
  ];
  const context = (req: FastifyRequest, needAuth: boolean): RequestContext => {
    const service = serviceOf(req);
    const username = needAuth ? service.sessions.authenticate(req.headers).username : '';
    return {
      service,
      params: req.params as Record<string, string>,
      body: req.body,
      path: req.url.split('?')[0] ?? req.url,
      headers: req.headers,
      username,
    };
  };
  const auth = handlers.auth ?? true;
  const send = (reply: FastifyReply, r: HandlerReply): FastifyReply => {
    if (r.headers) void reply.headers(r.headers);
    if (r.body === undefined) return reply.code(r.status ?? 204).send();
    return reply.code(r.status ?? 200).send(r.body);
  };
  app.route({
    method: ALL_METHODS,
    url: path,
    handler: async (req, reply) => {
      const method = req.method as HTTPMethods;
      if ((method === 'GET' || method === 'HEAD') && handlers.get) {
        const ctx = context(req, auth);
        const body = await handlers.get(ctx);
        const etag = etagOf(body);
        const inm = req.headers['if-none-match'];
        if (typeof inm === 'string' && etagMatches(inm, etag))
          return reply.code(304).header('ETag', etag).send();
        return reply.header('ETag', etag).send(body);
      }
      if (method === 'PATCH' && handlers.patch) {
        const ctx = context(req, auth);
        if (!isObject(ctx.body)) throw Errors.malformedJson();
        if (handlers.get) {
          const ifMatch = req.headers['if-match'];
          checkIfMatch(typeof ifMatch === 'string' ? ifMatch : undefined, await handlers.get(ctx), ctx.path);
        }
        await handlers.patch(ctx, ctx.body);
        if (!handlers.get) return reply.code(204).send();
        const body = await handlers.get(ctx);
        return reply.header('ETag', etagOf(body)).send(body);
      }
      if (method === 'POST' && handlers.post) {
        return send(reply, await handlers.post(context(req, handlers.postAuth ?? auth)));
      }
      if (method === 'DELETE' && handlers.delete) {
        return send(reply, await handlers.delete(context(req, auth)));
      }
      // Authenticate before revealing which methods exist.
      context(req, auth);
      void reply.header('Allow', allowed.join(', '));
      throw Errors.methodNotAllowed(method, req.url);
    },
  });
}

/** Reads a required string property of an action body, or throws `ActionParameterMissing`. */
export function requireString(body: unknown, name: string, action: string): string {
  const value = isObject(body) ? body[name] : undefined;
  if (value === undefined || value === null) throw Errors.actionParameterMissing(action, name);
  if (typeof value !== 'string') throw Errors.propertyValueTypeError(JSON.stringify(value), name);
  return value;
}

/** Reads an optional property of a body as an object. */
export function bodyObject(body: unknown): JsonObject {
  return isObject(body) ? body : {};
}

/** Rejects any PATCH property outside `writable` (unknown → PropertyUnknown, known → PropertyNotWritable). */
export function checkWritable(body: JsonObject, writable: string[], readable: JsonObject): void {
  for (const key of Object.keys(body)) {
    if (writable.includes(key)) continue;
    if (key.startsWith('@')) continue;
    if (key in readable) throw Errors.propertyNotWritable(key);
    throw Errors.propertyUnknown(key);
  }
}
