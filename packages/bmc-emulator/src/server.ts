import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { Errors, RedfishError } from './errors.js';
import { bindService } from './http.js';
import { registerAccounts } from './resources/accounts.js';
import { registerBios } from './resources/bios.js';
import { registerChassis } from './resources/chassis.js';
import { registerEvents } from './resources/events.js';
import { registerManagers } from './resources/managers.js';
import { registerServiceRoot } from './resources/service-root.js';
import { registerSessions } from './resources/sessions.js';
import { registerStorage } from './resources/storage.js';
import { registerSystems } from './resources/systems.js';
import { registerTaskService } from './resources/tasks.js';
import { registerUpdateService } from './resources/update-service.js';
import { registerVirtualMedia } from './resources/virtual-media.js';
import type { RedfishService } from './service.js';

/** A request line passed to the `onRequest` hook (never headers or bodies: no credentials). */
export interface RequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Path with query. */
  url: string;
  /** Status code sent. */
  status: number;
  /** Port that received it. */
  port: number;
}

/** A TLS key and certificate (PEM) to serve HTTPS instead of HTTP. */
export interface TlsOptions {
  /** Private key, PEM. */
  key: string | Buffer;
  /** Certificate (chain), PEM. */
  cert: string | Buffer;
}

/** Options of {@link RedfishServer}. */
export interface RedfishServerOptions {
  /** Serve HTTPS with this key and certificate. */
  tls?: TlsOptions;
  /** Called after each response (for CLI logs). */
  onRequest?: (entry: RequestLogEntry) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The HTTP side: one Fastify application serving any number of {@link RedfishService}s, each on its own
 * port (the port a request arrives on selects the service), all on one event loop.
 */
export class RedfishServer {
  private readonly app: FastifyInstance;
  private handler: Handler | undefined;
  private readonly servers: Server[] = [];
  private readonly byPort = new Map<number, RedfishService>();
  private readonly sockets = new Set<Socket>();
  private readonly tls: TlsOptions | undefined;

  constructor(options: RedfishServerOptions = {}) {
    this.tls = options.tls;
    this.app = Fastify({
      logger: false,
      routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
      bodyLimit: 1024 * 1024,
      serverFactory: (handler) => {
        this.handler = handler;
        return createServer(handler);
      },
    });
    const app = this.app;
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(Errors.malformedJson(), undefined);
      }
    });
    app.addHook('onRequest', async (req, reply) => {
      const port = req.raw.socket.localPort ?? 0;
      const service = this.byPort.get(port);
      if (!service) throw Errors.generalError(500, 'no service on this port');
      bindService(req.raw, service);
      const decision = service.faults.decide(req.url.split('?')[0] ?? req.url);
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      if (decision.action === 'drop') {
        reply.hijack();
        req.raw.socket.destroy();
        return;
      }
      if (decision.action === 'fail') throw decision.error;
      const path = req.url.split('?')[0] ?? req.url;
      const redirect = service.quirks.redirects?.find((r) => r.path === path || `${r.path}/` === path);
      if (redirect)
        return reply
          .code(redirect.status ?? 307)
          .header('Location', redirect.location)
          .send();
    });
    app.addHook('onSend', async (_req, reply, payload) => {
      void reply.header('OData-Version', '4.0');
      if (!reply.hasHeader('content-type') && payload !== undefined && payload !== null && payload !== '') {
        void reply.header('Content-Type', 'application/json; charset=utf-8');
      }
      return payload;
    });
    if (options.onRequest) {
      const log = options.onRequest;
      app.addHook('onResponse', async (req, reply) => {
        log({
          method: req.method,
          url: req.url,
          status: reply.statusCode,
          port: req.raw.socket.localPort ?? 0,
        });
      });
    }
    app.setErrorHandler((error, req, reply) => {
      let e: RedfishError;
      if (error instanceof RedfishError) e = error;
      else {
        const code = (error as { statusCode?: number }).statusCode;
        const status = typeof code === 'number' && code >= 400 ? code : 500;
        e = Errors.generalError(status, error instanceof Error ? error.message : String(error));
      }
      const body = e.toBody();
      const terse = this.byPort.get(req.raw.socket.localPort ?? 0)?.quirks.terseExtendedInfo;
      return reply
        .code(e.status)
        .headers(e.headers)
        .send(
          terse
            ? {
                error: {
                  ...body.error,
                  '@Message.ExtendedInfo': body.error['@Message.ExtendedInfo'].map((m) => ({
                    MessageId: m.MessageId,
                  })),
                },
              }
            : body,
        );
    });
    app.setNotFoundHandler((req, reply) => {
      const e = Errors.resourceNotFound(req.url.split('?')[0] ?? req.url);
      return reply.code(404).send(e.toBody());
    });
    registerServiceRoot(app);
    registerSessions(app);
    registerAccounts(app);
    registerSystems(app);
    registerBios(app);
    registerStorage(app);
    registerManagers(app);
    registerVirtualMedia(app);
    registerChassis(app);
    registerTaskService(app);
    registerUpdateService(app);
    registerEvents(app);
  }

  /** Serves `service` on `host:port` (0 = an ephemeral port); resolves to the bound port. */
  async listen(service: RedfishService, port: number, host = '127.0.0.1'): Promise<number> {
    await this.app.ready();
    const handler = this.handler;
    if (!handler) throw new Error('Fastify did not hand over its request handler');
    const server = this.tls
      ? createHttpsServer({ key: this.tls.key, cert: this.tls.cert, keepAlive: true }, handler)
      : createServer({ keepAlive: true }, handler);
    server.on(this.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, backlog: 511 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const bound = (server.address() as AddressInfo).port;
    this.byPort.set(bound, service);
    this.servers.push(server);
    return bound;
  }

  /** Stops listening everywhere and cuts open connections. */
  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
    for (const socket of this.sockets) socket.destroy();
    this.servers.length = 0;
    this.byPort.clear();
    await this.app.close();
  }
}
