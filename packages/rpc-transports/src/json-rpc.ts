import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import { hostname } from 'node:os';
import type { ConductorRpc, RpcArgs, RpcMethod, RpcResult, RpcServerTransport } from '@ferric/conductor';
import { FerricError, TemporaryFailure } from '@ferric/core';
import type { Logger } from 'pino';
import { decode, encode } from './codec.js';
import { dispatch } from './dispatch.js';
import { isLoopback } from './loopback.js';
import { redactResult } from './redact.js';
import { fromWireError, isWireError, toWireError, type WireError } from './wire-errors.js';

/** JSON-RPC error code carrying a Ferric typed error in `error.data` (server-defined range). */
const FERRIC_ERROR = -32000;
/** Header naming the conductor a request is meant for (a stale address must not reach another one). */
const TARGET_HEADER = 'x-ferric-conductor';
/** Largest request/response body accepted (bytes). */
const MAX_BODY = 16 * 1024 * 1024;

/** Options of {@link JsonRpcTransport}. */
export interface JsonRpcTransportOptions {
  /**
   * Resolves a conductor host name to its JSON-RPC base URL (`http://10.0.0.5:8089`), normally from
   * the conductor's registration row (`EmbeddedConductor.rpcAddressOf` / `ConductorClient.rpcAddressOf`).
   */
  resolveAddress?: (host: string) => Promise<string | null>;
  /**
   * Shared bearer token (at least 16 characters; see {@link generateRpcToken}). Servers require it
   * (`Authorization: Bearer …`), clients send it. Never logged. A server without one refuses to
   * listen unless {@link insecure} is set.
   */
  token?: string;
  /**
   * Serve without a token — on loopback only, for tests and single-machine development. Host, Origin
   * and Content-Type checks still apply.
   */
  insecure?: boolean;
  /**
   * Extra host names callers may put in the `Host` header (the listen and advertised hosts, this
   * machine's name, `localhost` and IP literals are always accepted). Anything else is refused, which
   * defeats DNS rebinding.
   */
  allowedHosts?: readonly string[];
  /** Milliseconds a call may take before it fails with `TemporaryFailure` (default 60 000). */
  timeoutMs?: number;
  /** Logger (request failures, server errors; never arguments). */
  logger?: Logger;
}

interface JsonRpcResponse {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: WireError };
}

/**
 * Ironic-style JSON-RPC 2.0 over HTTP: every conductor process listens on its own `host:port`
 * (recorded in its registration) and callers `POST /` `{ jsonrpc, id, method, params }` to it.
 * Requests without `id` are notifications (casts): answered 204 at once and run in the background.
 * Typed errors travel in `error.data` and are rebuilt as the same classes on the caller side.
 */
export class JsonRpcTransport implements RpcServerTransport {
  readonly #servers = new Map<string, ConductorRpc>();
  readonly #options: JsonRpcTransportOptions;
  #resolve: ((host: string) => Promise<string | null>) | undefined;
  #http: Server | undefined;
  #nextId = 1;
  readonly #hosts = new Set<string>();

  constructor(options: JsonRpcTransportOptions = {}) {
    this.#options = options;
    this.#resolve = options.resolveAddress;
  }

  /** Sets (or replaces) how host names resolve to addresses (when the resolver exists only later). */
  setAddressResolver(resolve: (host: string) => Promise<string | null>): void {
    this.#resolve = resolve;
  }

  /**
   * Starts the HTTP server. @returns the base URL peers use (`http://host:port`; `advertiseHost`,
   * else the OS host name when listening on a wildcard address).
   * @throws Error when listening off loopback without a token.
   */
  async listen(host = '127.0.0.1', port = 8089, advertiseHost?: string): Promise<string> {
    const { token, insecure } = this.#options;
    if (!token && !insecure)
      throw new Error(
        'The conductor JSON-RPC server requires a token: set the same FERRIC_JSON_RPC_TOKEN on every process (generateRpcToken() makes one).',
      );
    if (token !== undefined && token.length < 16)
      throw new Error('The JSON-RPC token must be at least 16 characters.');
    if (!token && !isLoopback(host))
      throw new Error(`JSON-RPC without a token may only listen on loopback (asked for ${host}).`);
    for (const h of [host, advertiseHost, hostname(), 'localhost', ...(this.#options.allowedHosts ?? [])])
      if (h) this.#hosts.add(h.toLowerCase());
    const server = createServer((req, res) => void this.#handle(req, res));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#http = server;
    const actual = (server.address() as AddressInfo).port;
    // A wildcard listen address means nothing to peers: advertise the machine's name instead.
    const h = advertiseHost ?? (host === '0.0.0.0' || host === '::' ? hostname() : host);
    return `http://${h.includes(':') ? `[${h}]` : h}:${actual}`;
  }

  /** Stops listening (open connections are closed). */
  async close(): Promise<void> {
    const server = this.#http;
    this.#http = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  register(host: string, server: ConductorRpc): void {
    this.#servers.set(host, server);
  }

  unregister(host: string, server?: ConductorRpc): void {
    if (!server || this.#servers.get(host) === server) this.#servers.delete(host);
  }

  /** Calls `method` on conductor `host` and waits for its result. */
  async call<M extends RpcMethod>(host: string, method: M, args: RpcArgs<M>): Promise<RpcResult<M>> {
    const local = this.#servers.get(host);
    if (local) {
      // Short-cut for our own conductor, with the same isolation as over the wire.
      const result = await dispatch(local, method, decode(encode(args)));
      return (result === undefined ? undefined : decode(encode(result))) as RpcResult<M>;
    }
    const id = this.#nextId++;
    const body = await this.#post(host, { jsonrpc: '2.0', id, method, params: args });
    let parsed: JsonRpcResponse;
    try {
      parsed = decode(body) as JsonRpcResponse;
    } catch {
      throw new TemporaryFailure(`Conductor ${host} sent an unreadable JSON-RPC response.`, {
        details: { host },
      });
    }
    if (parsed.error) {
      if (isWireError(parsed.error.data)) throw fromWireError(parsed.error.data);
      throw new FerricError(`JSON-RPC error from ${host}: ${parsed.error.message}`, {
        details: { host, code: parsed.error.code },
      });
    }
    return parsed.result as RpcResult<M>;
  }

  /** Fire-and-forget (JSON-RPC notification): resolves once the conductor accepted the request. */
  async cast<M extends RpcMethod>(host: string, method: M, args: RpcArgs<M>): Promise<void> {
    const local = this.#servers.get(host);
    if (local) {
      void dispatch(local, method, decode(encode(args))).catch((err: unknown) =>
        this.#options.logger?.warn({ err, method }, 'cast failed'),
      );
      return;
    }
    await this.#post(host, { jsonrpc: '2.0', method, params: args });
  }

  async #post(host: string, message: Record<string, unknown>): Promise<string> {
    const base = await this.#resolve?.(host);
    if (!base)
      throw new TemporaryFailure(`Conductor ${host} has no registered JSON-RPC address.`, {
        details: { host },
      });
    const headers: Record<string, string> = { 'content-type': 'application/json', [TARGET_HEADER]: host };
    if (this.#options.token) headers.authorization = `Bearer ${this.#options.token}`;
    let res: Response;
    try {
      res = await fetch(`${base}/`, {
        method: 'POST',
        headers,
        body: encode(message),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 60_000),
      });
    } catch (err) {
      throw new TemporaryFailure(`Conductor ${host} is not reachable over JSON-RPC.`, {
        cause: err,
        details: { host },
      });
    }
    const text = await res.text();
    if (res.status === 204) return '';
    if (res.status === 401)
      throw new TemporaryFailure(`Conductor ${host} refused the JSON-RPC token.`, { details: { host } });
    return text;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, payload?: JsonRpcResponse) => {
      if (payload === undefined) {
        res.writeHead(status).end();
        return;
      }
      const text = encode(payload);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const fail = (id: JsonRpcResponse['id'], err: unknown, status = 200) =>
      reply(status, {
        jsonrpc: '2.0',
        id,
        error: { code: FERRIC_ERROR, message: errMessage(err), data: toWireError(err) },
      });
    if (req.method !== 'POST') return reply(405);
    // Only server-to-server calls: a browser page (any Origin, or a simple text/plain POST) or a
    // DNS-rebound name in Host never reaches a conductor, token or not.
    if (req.headers.origin !== undefined || !this.#hostAllowed(req.headers.host)) return reply(403);
    if (!isJson(req.headers['content-type'])) return reply(415);
    if (!this.#authorized(req)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      return reply(413);
    }
    let msg: { id?: string | number | null; method?: unknown; params?: unknown };
    try {
      msg = decode(text) as typeof msg;
    } catch {
      return reply(200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    const id = msg.id ?? null;
    const target = req.headers[TARGET_HEADER];
    const host = typeof target === 'string' ? target : [...this.#servers.keys()][0];
    const server = host === undefined ? undefined : this.#servers.get(host);
    if (!server || typeof msg.method !== 'string')
      return fail(
        id,
        new TemporaryFailure(`Conductor ${host ?? '(none)'} is not served here.`, { details: { host } }),
      );
    const method = msg.method;
    if (msg.id === undefined) {
      // Notification (cast): accepted now, run in the background.
      reply(204);
      void dispatch(server, method, msg.params).catch((err: unknown) =>
        this.#options.logger?.warn({ err: errMessage(err), method }, 'JSON-RPC notification failed'),
      );
      return;
    }
    try {
      const result = await dispatch(server, method, msg.params);
      reply(200, { jsonrpc: '2.0', id, result: redactResult(result ?? null) });
    } catch (err) {
      fail(id, err);
    }
  }

  #hostAllowed(header: string | undefined): boolean {
    if (!header) return false;
    const name = (
      header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.split(':')[0]!
    ).toLowerCase();
    return isIP(name) !== 0 || this.#hosts.has(name);
  }

  #authorized(req: IncomingMessage): boolean {
    const token = this.#options.token;
    if (!token) return true;
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  }
}

/** A fresh random token for {@link JsonRpcTransportOptions.token} (256 bits, base64url). */
export function generateRpcToken(): string {
  return randomBytes(32).toString('base64url');
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
