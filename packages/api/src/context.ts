import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiBackend } from './backend.js';
import { ApiError, notAcceptable } from './errors.js';
import type { SecretMasker } from './masking.js';
import type { ViewContext } from './views/node.js';

declare module 'fastify' {
  /** OpenAPI metadata carried next to the validation schemas. */
  interface FastifySchema {
    summary?: string;
    tags?: string[];
  }
  interface FastifyRequest {
    /** Negotiated microversion (minor part). */
    apiMinor: number;
  }
}

/** Shared state of every route module. */
export interface RouteContext {
  backend: ApiBackend;
  masker: SecretMasker;
  /** Fixed public base URL, or undefined to derive it from the request. */
  publicEndpoint: string | undefined;
  /** Whether agents must present the one-time token on heartbeat. */
  agentTokenRequired: boolean;
  /** Requests whose `.json` suffix was dropped (before 1.91): lookups retry with it. */
  jsonSuffixed?: WeakSet<IncomingMessage>;
}

/** `http(s)://host:port` as the client addressed us. */
export function baseUrl(ctx: RouteContext, request: FastifyRequest): string {
  if (ctx.publicEndpoint) return ctx.publicEndpoint.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** View context for rendering resources in this request. */
export function viewContext(ctx: RouteContext, request: FastifyRequest): ViewContext {
  return { base: baseUrl(ctx, request), minor: request.apiMinor, masker: ctx.masker };
}

/** 406 unless the request's version is at least `1.<minor>` (Ironic hides newer features as 404/406). */
export function requireVersion(request: FastifyRequest, minor: number, what: string): void {
  if (request.apiMinor < minor)
    throw notAcceptable(
      `${what} requires API version 1.${minor} or later (requested 1.${request.apiMinor}).`,
    );
}

/** 404 for endpoints that do not exist at the requested version (Ironic behaviour). */
export function requireVersionOr404(request: FastifyRequest, minor: number): void {
  if (request.apiMinor < minor) {
    const err = new (class extends Error {
      statusCode = 404;
    })('The resource could not be found.');
    throw err;
  }
}

/** 404 with Ironic's message for an endpoint newer than the requested version (`api_version` gate). */
export function requireVersionOrNotFound(request: FastifyRequest, minor: number, message: string): void {
  if (request.apiMinor < minor) throw new ApiError(404, message);
}

/** The request id Ironic clients log (`Openstack-Request-Id`). */
export function requestId(request: FastifyRequest): string {
  return String(request.id);
}

/** 202 with a `Location` header pointing at the node's states (Ironic). */
export function accepted(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(202).header('Location', location).send();
}
