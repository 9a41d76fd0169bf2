import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger, MissingParameterValue, silentLogger } from '@ferric/core';
import { Pool } from 'undici';
import type { RedfishAuthType } from '../driver-info.js';
import {
  RedfishAuthenticationError,
  RedfishConnectionError,
  RedfishError,
  RedfishResourceNotFound,
} from '../errors.js';
import { extendedInfo } from './messages.js';
import { TaskMonitor, type TaskWaitOptions } from './task-monitor.js';
import {
  isResource,
  linkOf,
  memberLinks,
  obj,
  type RedfishDocument,
  type RedfishResource,
  str,
} from './types.js';

/** How to reach and log in to one BMC. @public */
export interface RedfishClientOptions {
  /** Origin of the Redfish service (`https://host:port`). */
  address: string;
  /** User name, or null for no authentication. */
  username: string | null;
  /** Password, or null. Never logged, never in error messages. */
  password: string | null;
  /** Authentication method (default `auto`). */
  authType?: RedfishAuthType;
  /** `true` (system CAs, default), `false`, or a CA bundle path. */
  verifyCa?: boolean | string;
  /** Milliseconds each request may take (headers and body each). Default 60 000. */
  requestTimeoutMs?: number;
  /** Attempts per request on connection errors and 5xx (1 = no retry). Default 5. */
  connectionAttempts?: number;
  /** Milliseconds before the first retry, doubling each time. Default 1000. */
  retryIntervalMs?: number;
  /** Longest wait between two attempts, including a BMC's `Retry-After`. Default 30 000. */
  maxRetryDelayMs?: number;
  /** Keep-alive connections per BMC. Default 4. */
  connections?: number;
  /** Logger (no credentials are ever passed to it). */
  logger?: Logger;
}

/** Options of one request. @public */
export interface RedfishRequestOptions {
  /** JSON body. */
  body?: RedfishResource;
  /** `If-Match` value. */
  ifMatch?: string;
  /**
   * Retry on connection errors and 5xx. Default: yes for idempotent methods (GET, HEAD, PUT,
   * DELETE); for POST and PATCH only when the connection failed before the request was sent, so an
   * action (a Reset, an InsertMedia) is never sent twice. `true` retries any method, `false` none.
   */
  retry?: boolean;
  /** Statuses to return instead of throwing (e.g. `[404]`). */
  accept?: readonly number[];
}

/** A raw answer: status, headers that matter, parsed JSON body (or null). @public */
export interface RedfishResponse {
  status: number;
  /** Parsed JSON body, or null when empty or not JSON. */
  body: RedfishResource | null;
  etag: string | null;
  location: string | null;
  /** `Retry-After` in milliseconds, when given. */
  retryAfterMs: number | null;
  /** The `X-Auth-Token` header (session login only). */
  token: string | null;
}

type Auth =
  | { kind: 'none' }
  | { kind: 'basic' }
  | { kind: 'session'; token: string; sessionUri: string | null };

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Connection failures that happen before any byte of the request left: safe to retry for every method. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** TLS handshake failures meaning "this port does not speak TLS" (an https:// address for a plain-HTTP BMC). */
const NOT_TLS = /ERR_SSL_WRONG_VERSION_NUMBER|wrong version number|packet length too long|http request/i;
/** Redirect hops followed for one read. */
const MAX_REDIRECTS = 5;
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const caCache = new Map<string, Buffer>();
function readCa(path: string): Buffer {
  let ca = caCache.get(path);
  if (!ca) {
    ca = readFileSync(path);
    caCache.set(path, ca);
  }
  return ca;
}

function errorCode(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && isResource(e as RedfishResource); depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'Error';
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/**
 * A small, solid Redfish client for one BMC: an undici keep-alive pool, session
 * auth with fallback to HTTP Basic and re-login when the session expires, TLS
 * verification on by default, `If-Match` on PATCH, bounded retries with
 * exponential backoff on connection errors and 5xx (honouring `Retry-After`),
 * Task monitor polling and system discovery. Errors are typed: wrong credentials
 * ({@link RedfishAuthenticationError}), unreachable ({@link RedfishConnectionError}),
 * the BMC refused ({@link RedfishError} with its `@Message.ExtendedInfo`).
 *
 * Share one client per BMC and account (see {@link getRedfishClient}).
 * @public
 */
export class RedfishClient {
  /** Origin of the service. */
  readonly address: string;
  readonly #username: string | null;
  readonly #password: string | null;
  readonly #authType: RedfishAuthType;
  readonly #attempts: number;
  readonly #retryIntervalMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #timeoutMs: number;
  readonly #pool: Pool;
  readonly #logger: Logger;
  #auth: Auth | null = null;
  #login: Promise<Auth> | null = null;
  #root: RedfishResource | null = null;
  #systemPath: string | null = null;
  /** Paths the BMC redirected (a System alias) → where they led, so sub-resources use the canonical URI. */
  readonly #aliases = new Map<string, string>();
  #closed = false;

  constructor(options: RedfishClientOptions) {
    this.address = options.address.replace(/\/+$/, '');
    this.#username = options.username;
    this.#password = options.password;
    this.#authType = options.authType ?? 'auto';
    this.#attempts = Math.max(1, options.connectionAttempts ?? 5);
    this.#retryIntervalMs = options.retryIntervalMs ?? 1000;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.#timeoutMs = options.requestTimeoutMs ?? 60_000;
    this.#logger = (options.logger ?? silentLogger).child({ bmc: this.address });
    const verify = options.verifyCa ?? true;
    this.#pool = new Pool(this.address, {
      connections: options.connections ?? 4,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      connect: {
        timeout: Math.min(this.#timeoutMs, 30_000),
        rejectUnauthorized: verify !== false,
        ...(typeof verify === 'string' ? { ca: readCa(verify) } : {}),
      },
    });
  }

  /** The authentication in use once logged in: `session`, `basic` or `none`; null before the first request. */
  get authKind(): Auth['kind'] | null {
    return this.#auth?.kind ?? null;
  }

  /** GET a resource's body. @throws {@link RedfishResourceNotFound} on 404. */
  async get<T extends RedfishResource = RedfishResource>(path: string): Promise<T> {
    return (await this.getDocument<T>(path)).body;
  }

  /** GET a resource with its ETag. */
  async getDocument<T extends RedfishResource = RedfishResource>(path: string): Promise<RedfishDocument<T>> {
    const res = await this.request('GET', path);
    const body = (res.body ?? {}) as T;
    const etag = res.etag ?? (typeof body['@odata.etag'] === 'string' ? body['@odata.etag'] : null);
    return { body, etag };
  }

  /**
   * PATCH a resource with `If-Match`: the ETag given, or else the one a fresh GET
   * returns (when the BMC has ETags). On `412 Precondition Failed` (someone changed
   * it in between) the ETag is refreshed and the PATCH sent once more.
   */
  async patch(
    path: string,
    body: RedfishResource,
    options: { etag?: string | null } = {},
  ): Promise<RedfishResponse> {
    let etag = options.etag === undefined ? (await this.getDocument(path)).etag : options.etag;
    for (let attempt = 0; ; attempt++) {
      const res = await this.request('PATCH', path, {
        body,
        ...(etag ? { ifMatch: etag } : {}),
        accept: attempt === 0 ? [412] : [],
      });
      if (res.status !== 412) return res;
      this.#logger.debug({ path }, 'ETag changed under us (412), refreshing it');
      etag = (await this.getDocument(path)).etag;
    }
  }

  /** POST (actions, collection creates). */
  post(
    path: string,
    body: RedfishResource = {},
    options: Omit<RedfishRequestOptions, 'body'> = {},
  ): Promise<RedfishResponse> {
    return this.request('POST', path, { ...options, body });
  }

  /** DELETE a resource. */
  delete(path: string, options: Omit<RedfishRequestOptions, 'body'> = {}): Promise<RedfishResponse> {
    return this.request('DELETE', path, options);
  }

  /** The service root (`/redfish/v1/`), read once without credentials. */
  async root(): Promise<RedfishResource> {
    if (!this.#root) {
      const res = await this.#send('GET', '/redfish/v1/', {}, { kind: 'none' });
      if (res.status >= 400) throw this.#error('GET', '/redfish/v1/', res);
      this.#root = res.body ?? {};
    }
    return this.#root;
  }

  /**
   * The ComputerSystem path to manage: `systemId` when given, else the only system
   * of the BMC (remembered).
   * @throws `MissingParameterValue` when the BMC has zero or several systems.
   */
  async systemPath(systemId: string | null): Promise<string> {
    if (systemId) return systemId;
    if (this.#systemPath) return this.#systemPath;
    const root = await this.root();
    const systems = await this.get(linkOf(root.Systems) ?? '/redfish/v1/Systems');
    const members = memberLinks(systems);
    if (members.length !== 1) {
      throw new MissingParameterValue(
        `redfish_system_id is required: the BMC at ${this.address} has ${members.length} systems (${members.join(', ') || 'none'}).`,
        { details: { systems: members } },
      );
    }
    this.#systemPath = members[0] ?? null;
    return members[0] as string;
  }

  /** A monitor for a Task started by a `202 Accepted` answer (its `Location`, or the Task in its body). */
  taskMonitor(accepted: RedfishResponse | string): TaskMonitor {
    if (typeof accepted === 'string') return new TaskMonitor(this, accepted);
    const uri = accepted.location ?? linkOf(accepted.body) ?? str(accepted.body ?? {}, 'TaskMonitor');
    if (!uri)
      throw new RedfishError(`The BMC at ${this.address} accepted a request but gave no task monitor.`, {
        status: accepted.status,
      });
    return new TaskMonitor(this, uri);
  }

  /** Wait for the Task behind a `202 Accepted` answer; resolve with the final Task. */
  waitForTask(accepted: RedfishResponse | string, options: TaskWaitOptions = {}): Promise<RedfishResource> {
    return this.taskMonitor(accepted).wait(options);
  }

  /**
   * Send one request with authentication, retries and typed errors. Statuses `< 400`
   * (and those in `accept`) resolve; others throw.
   */
  async request(method: string, path: string, options: RedfishRequestOptions = {}): Promise<RedfishResponse> {
    const requested = path;
    path = this.#canonical(path);
    for (let hops = 0; ; hops++) {
      let auth = await this.#authenticate();
      let res = await this.#send(method, path, options, auth);
      if (res.status === 401 && auth.kind === 'session') {
        // The session expired or the BMC forgot it (restart): log in again, once.
        this.#logger.info({ path }, 'Redfish session rejected, logging in again');
        this.#invalidate(auth);
        auth = await this.#authenticate();
        res = await this.#send(method, path, options, auth);
      }
      if (res.status >= 300 && res.status < 400 && !options.accept?.includes(res.status)) {
        const next = this.#redirectTarget(method, path, res, hops);
        this.#logger.debug({ path, status: res.status, location: next }, 'Redfish redirect followed');
        this.#aliases.set(requested, next);
        path = next;
        continue;
      }
      if (res.status < 400 || options.accept?.includes(res.status)) return res;
      throw this.#error(method, path, res);
    }
  }

  /** A path under a known alias, rewritten to the canonical URI the BMC redirected it to. */
  #canonical(path: string): string {
    for (const [alias, target] of this.#aliases) {
      if (path === alias) return target;
      if (path.startsWith(`${alias}/`)) return `${target}${path.slice(alias.length)}`;
    }
    return path;
  }

  /**
   * Where a 3xx answer leads, when it may be followed: reads only, same origin, a bounded number of
   * hops. Anything else is an error naming the status and the location, never an empty success.
   */
  #redirectTarget(method: string, path: string, res: RedfishResponse, hops: number): string {
    const fail = (why: string) =>
      new RedfishError(
        `Redfish ${method} ${path} on the BMC at ${this.address} answered a redirect (HTTP ${res.status}) to ${res.location ?? '(no Location)'}: ${why}.`,
        { status: res.status, details: { location: res.location } },
      );
    if (!res.location) throw fail('no Location header to follow');
    if (method !== 'GET' && method !== 'HEAD')
      throw fail('only reads are redirected, so the request was not repeated there');
    if (hops >= MAX_REDIRECTS) throw fail(`more than ${MAX_REDIRECTS} redirects`);
    let target: URL;
    try {
      target = new URL(res.location, `${this.address}${path}`);
    } catch {
      throw fail('the Location is not a URL');
    }
    if (target.origin !== new URL(this.address).origin)
      throw fail(
        `another origin than ${this.address}, which credentials are not sent to; point redfish_address there if it is the BMC`,
      );
    return `${target.pathname}${target.search}`;
  }

  /** Log out (best effort) and close every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const auth = this.#auth;
    if (auth?.kind === 'session' && auth.sessionUri) {
      await this.#send('DELETE', auth.sessionUri, { retry: false }, auth).catch(() => undefined);
    }
    await this.#pool.close().catch(() => undefined);
  }

  #invalidate(stale: Auth): void {
    if (this.#auth === stale) this.#auth = null;
  }

  async #authenticate(): Promise<Auth> {
    if (this.#auth) return this.#auth;
    if (this.#username === null || this.#authType === 'basic') {
      this.#auth = this.#username === null ? { kind: 'none' } : { kind: 'basic' };
      return this.#auth;
    }
    this.#login ??= this.#createSession().finally(() => {
      this.#login = null;
    });
    const auth = await this.#login;
    this.#auth = auth;
    return auth;
  }

  async #createSession(): Promise<Auth> {
    let sessionsPath = '/redfish/v1/SessionService/Sessions';
    let advertisesSessions = true;
    try {
      const root = await this.root();
      sessionsPath = linkOf(obj(root, 'Links')?.Sessions) ?? sessionsPath;
      advertisesSessions =
        linkOf(root.SessionService) !== null || linkOf(obj(root, 'Links')?.Sessions) !== null;
    } catch (error) {
      if (error instanceof RedfishConnectionError) throw error;
      // A root we cannot read is not fatal: try the standard path.
    }
    const res = await this.#send(
      'POST',
      sessionsPath,
      // Logging in twice is harmless: retried like a read.
      { body: { UserName: this.#username, Password: this.#password }, retry: true },
      { kind: 'none' },
    );
    if ((res.status === 401 || res.status === 403) && !advertisesSessions && this.#authType === 'auto') {
      // sushy's behaviour: a root without SessionService means the 401 says "no sessions here", not
      // "wrong password". HTTP Basic tells which: a wrong password still ends in 401 on the first request.
      this.#logger.info({ status: res.status }, 'No SessionService on this BMC, using HTTP Basic');
      return { kind: 'basic' };
    }
    if (res.status === 401 || res.status === 403) {
      throw new RedfishAuthenticationError(
        `The BMC at ${this.address} rejected the credentials of user '${this.#username}' (HTTP ${res.status}); check redfish_username and redfish_password.`,
        { status: res.status, messages: extendedInfo(res.body) },
      );
    }
    if (res.status < 300 && res.token) {
      this.#logger.debug({}, 'Redfish session created');
      return { kind: 'session', token: res.token, sessionUri: res.location ?? linkOf(res.body) };
    }
    if (this.#authType === 'session') {
      throw new RedfishError(
        `The BMC at ${this.address} did not open a session (HTTP ${res.status}${res.token ? '' : ', no X-Auth-Token'}); set redfish_auth_type to auto or basic.`,
        { status: res.status, messages: extendedInfo(res.body) },
      );
    }
    this.#logger.info({ status: res.status }, 'Redfish session auth unavailable, falling back to HTTP Basic');
    return { kind: 'basic' };
  }

  #headers(auth: Auth, options: RedfishRequestOptions): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'odata-version': '4.0' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (auth.kind === 'session') headers['x-auth-token'] = auth.token;
    else if (auth.kind === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${this.#username ?? ''}:${this.#password ?? ''}`).toString('base64')}`;
    }
    return headers;
  }

  #delay(attempt: number, retryAfterMs: number | null): number {
    const backoff = this.#retryIntervalMs * 2 ** (attempt - 1);
    return Math.min(this.#maxRetryDelayMs, Math.max(backoff, retryAfterMs ?? 0));
  }

  async #send(
    method: string,
    path: string,
    options: RedfishRequestOptions,
    auth: Auth,
  ): Promise<RedfishResponse> {
    if (this.#closed) throw new RedfishConnectionError(`The Redfish client of ${this.address} is closed.`);
    const attempts = options.retry === false ? 1 : this.#attempts;
    const repeatable = options.retry === true || IDEMPOTENT.has(method);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let attempt = 1; ; attempt++) {
      let res: RedfishResponse;
      try {
        const answer = await this.#pool.request({
          method: method as 'GET',
          path,
          headers: this.#headers(auth, options),
          ...(payload !== undefined ? { body: payload } : {}),
        });
        const text = await answer.body.text();
        let body: RedfishResource | null = null;
        if (text.trim() !== '') {
          try {
            const parsed: unknown = JSON.parse(text);
            body = isResource(parsed) ? (parsed as RedfishResource) : null;
          } catch {
            body = null;
          }
        }
        const headers = answer.headers;
        res = {
          status: answer.statusCode,
          body,
          etag: header(headers, 'etag'),
          location: header(headers, 'location'),
          retryAfterMs: parseRetryAfter(header(headers, 'retry-after')),
          token: header(headers, 'x-auth-token'),
        };
      } catch (error) {
        const code = errorCode(error);
        if (
          NOT_TLS.test(`${code} ${String((error as Error).message)}`) &&
          this.address.startsWith('https:')
        ) {
          const plain = this.address.replace(/^https:/, 'http:');
          throw new RedfishConnectionError(
            `The BMC at ${this.address} does not speak TLS on this port (the handshake got a plain-HTTP answer, ${code}); if it serves plain HTTP, use ${plain} as redfish_address.`,
            { cause: error, details: { reason: code } },
          );
        }
        if (TLS_CODES.has(code) || /certificate|self.signed|SSL/i.test(String((error as Error).message))) {
          throw new RedfishConnectionError(
            `TLS verification of the BMC at ${this.address} failed (${code}); set redfish_verify_ca to the CA bundle that signed its certificate (or false to disable verification).`,
            { cause: error, details: { reason: code } },
          );
        }
        if (attempt >= attempts || !(repeatable || NOT_SENT.has(code))) {
          throw new RedfishConnectionError(
            `Cannot reach the BMC at ${this.address} (${method} ${path}: ${code}) after ${attempt} attempt(s).`,
            { cause: error, details: { reason: code, attempts: attempt } },
          );
        }
        const wait = this.#delay(attempt, null);
        this.#logger.warn(
          { method, path, reason: code, attempt, waitMs: wait },
          'Redfish request failed, retrying',
        );
        await sleep(wait);
        continue;
      }
      if (RETRYABLE_STATUS.has(res.status) && attempt < attempts && repeatable) {
        const wait = this.#delay(attempt, res.retryAfterMs);
        this.#logger.warn(
          { method, path, status: res.status, attempt, waitMs: wait },
          'BMC answered 5xx, retrying',
        );
        await sleep(wait);
        continue;
      }
      return res;
    }
  }

  #error(method: string, path: string, res: RedfishResponse): RedfishError {
    const messages = extendedInfo(res.body);
    const text = messages.length
      ? messages.map((m) => (m.message ? `${m.message} (${m.messageId})` : m.messageId)).join('; ')
      : 'no details given';
    const message = `Redfish ${method} ${path} on the BMC at ${this.address} failed with HTTP ${res.status}: ${text}`;
    const options = { status: res.status, messages };
    if (res.status === 401 || res.status === 403) {
      return new RedfishAuthenticationError(
        `${message}. The BMC rejected the credentials of user '${this.#username ?? '(none)'}'; check redfish_username and redfish_password.`,
        options,
      );
    }
    if (res.status === 404) return new RedfishResourceNotFound(message, options);
    return new RedfishError(message, options);
  }
}
