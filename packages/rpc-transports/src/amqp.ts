import { randomUUID } from 'node:crypto';
import type { ConductorRpc, RpcArgs, RpcMethod, RpcResult, RpcServerTransport } from '@ferric/conductor';
import { FerricError, TemporaryFailure } from '@ferric/core';
import amqp, {
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type Options,
} from 'amqplib';
import type { Logger } from 'pino';
import { decode, encode } from './codec.js';
import { dispatch } from './dispatch.js';
import { redactResult } from './redact.js';
import { fromWireError, isWireError, toWireError, type WireError } from './wire-errors.js';

/** Options of {@link AmqpTransport}. */
export interface AmqpTransportOptions {
  /** Broker URL, e.g. `amqp://guest:guest@127.0.0.1:5672/ferric` (the password is never logged). */
  url: string;
  /** Queue name prefix; a conductor consumes `<topic>.<host>` (default `ferric.conductor_manager`, as Ironic's `ironic.conductor_manager`). */
  topic?: string;
  /** Milliseconds a call waits for its reply (default 60 000); also the request's message TTL. */
  timeoutMs?: number;
  /** Requests a conductor works on at once (AMQP prefetch, default 64). */
  prefetch?: number;
  /**
   * Refuse a call at once (`TemporaryFailure`, 503) when nobody consumes the conductor's queue — a
   * dead conductor — instead of letting it wait out `timeoutMs` (default `true`; the broker's
   * consumer count is cached for a second).
   */
  failFast?: boolean;
  /** Longest pause between reconnection attempts in milliseconds (default 5 000). */
  maxReconnectDelayMs?: number;
  /** Logger (connection events, failures; never arguments or credentials). */
  logger?: Logger;
}

interface Outcome {
  ok: boolean;
  result?: unknown;
  error?: WireError;
}

interface PendingCall {
  queue: string;
  content: Buffer;
  options: Options.Publish;
  /** The broker confirmed the (persistent) request: it survives a broker restart. */
  confirmed: boolean;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

interface Served {
  server: ConductorRpc;
  consumerTag?: string;
}

interface OutboxEntry {
  queue: string;
  content: Buffer;
  options: Options.Publish;
  /** Called once the broker confirmed the message. */
  done(): void;
}

/** How long a handled request id is remembered, so a redelivery is answered without re-running it. */
const DEDUPE_TTL_MS = 15 * 60_000;
/** At most this many handled request ids are remembered (the oldest go first). */
const DEDUPE_MAX = 20_000;

/**
 * Conductor RPC over AMQP 0-9-1 (RabbitMQ, amqplib), like Ironic's oslo.messaging transport: each
 * conductor consumes the durable queue `<topic>.<host>`; calls carry a correlation id and a reply
 * queue, casts carry none. Reliability across a broker restart:
 *
 * - requests and replies are persistent messages on durable queues, published with confirms;
 *   a call not yet confirmed when the connection drops is published again after reconnecting;
 * - a conductor acknowledges a request only after its reply is confirmed, and remembers handled
 *   message ids, so a redelivered request returns the first outcome instead of running twice;
 * - the connection is re-established with back-off, queues and consumers are declared again.
 */
export class AmqpTransport implements RpcServerTransport {
  readonly #options: AmqpTransportOptions;
  readonly #topic: string;
  readonly #replyQueue: string;
  readonly #servers = new Map<string, Served>();
  readonly #pending = new Map<string, PendingCall>();
  readonly #outbox: OutboxEntry[] = [];
  readonly #handled = new Map<string, { at: number; outcome: Promise<Outcome> }>();
  readonly #consumerCounts = new Map<string, { at: number; count: number | null }>();
  #probe: Promise<Channel> | undefined;
  #model: ChannelModel | undefined;
  #channel: ConfirmChannel | undefined;
  #connecting: Promise<void> | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #connections = 0;
  #closed = false;

  constructor(options: AmqpTransportOptions) {
    this.#options = options;
    this.#topic = options.topic ?? 'ferric.conductor_manager';
    this.#replyQueue = `${this.#topic}.reply.${randomUUID()}`;
  }

  /** The queue conductor `host` consumes. */
  queueFor(host: string): string {
    return `${this.#topic}.${host}`;
  }

  /** True while connected to the broker. */
  get connected(): boolean {
    return this.#channel !== undefined;
  }

  /** Connects (retrying with back-off until it succeeds or {@link close} is called). */
  start(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('AMQP transport closed'));
    if (this.#channel) return Promise.resolve();
    this.#connecting ??= this.#connectLoop().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  /** Closes the connection; pending calls fail with `TemporaryFailure`. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new TemporaryFailure('The AMQP transport was closed.'));
      this.#pending.delete(id);
    }
    const model = this.#model;
    this.#model = undefined;
    this.#channel = undefined;
    await model?.close().catch(() => undefined);
  }

  register(host: string, server: ConductorRpc): void {
    const served: Served = { server };
    this.#servers.set(host, served);
    const ch = this.#channel;
    if (ch) void this.#consume(ch, host, served);
    else void this.start().catch(() => undefined);
  }

  unregister(host: string, server?: ConductorRpc): void {
    const served = this.#servers.get(host);
    if (!served || (server && served.server !== server)) return;
    this.#servers.delete(host);
    if (served.consumerTag) void this.#channel?.cancel(served.consumerTag).catch(() => undefined);
  }

  /** Calls `method` on conductor `host` and waits for the reply (or the timeout). */
  async call<M extends RpcMethod>(host: string, method: M, args: RpcArgs<M>): Promise<RpcResult<M>> {
    const local = this.#servers.get(host);
    if (local) {
      const result = await dispatch(local.server, method, decode(encode(args)));
      return (result === undefined ? undefined : decode(encode(result))) as RpcResult<M>;
    }
    const timeoutMs = this.#options.timeoutMs ?? 60_000;
    const id = randomUUID();
    const queue = this.queueFor(host);
    if (this.#options.failFast ?? true) {
      const consumers = await this.#consumersOf(queue);
      if (consumers === 0 || consumers === null)
        throw new TemporaryFailure(`Conductor ${host} is not consuming ${queue}.`, { details: { host } });
    }
    return new Promise<RpcResult<M>>((resolve, reject) => {
      const pending: PendingCall = {
        queue,
        content: Buffer.from(encode({ method, args })),
        options: {
          correlationId: id,
          messageId: id,
          replyTo: this.#replyQueue,
          persistent: true,
          mandatory: true,
          expiration: String(timeoutMs),
          contentType: 'application/json',
          type: method,
          timestamp: Math.floor(Date.now() / 1000),
        },
        confirmed: false,
        resolve: (v) => resolve(v as RpcResult<M>),
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(id);
          reject(
            new TemporaryFailure(`Conductor ${host} did not answer ${method} within ${timeoutMs} ms.`, {
              details: { host, method },
            }),
          );
        }, timeoutMs),
      };
      this.#pending.set(id, pending);
      const ch = this.#channel;
      if (ch) this.#publishCall(ch, id, pending);
      else void this.start().catch(() => undefined);
    });
  }

  /**
   * Fire-and-forget: resolves once the broker has the (persistent) request, buffering it while
   * disconnected. No reply is sent; failures are only logged by the conductor.
   */
  cast<M extends RpcMethod>(host: string, method: M, args: RpcArgs<M>): Promise<void> {
    const id = randomUUID();
    return new Promise<void>((resolve) => {
      this.#outbox.push({
        queue: this.queueFor(host),
        content: Buffer.from(encode({ method, args })),
        options: {
          messageId: id,
          persistent: true,
          expiration: String(this.#options.timeoutMs ?? 60_000),
          contentType: 'application/json',
          type: method,
        },
        done: resolve,
      });
      const ch = this.#channel;
      if (ch) this.#flushOutbox(ch);
      else void this.start().catch(() => undefined);
    });
  }

  /**
   * Consumers of `queue` per the broker: a number, `null` when the queue does not exist, `undefined`
   * when unknown (disconnected, probe failed) — then the call is not refused.
   */
  async #consumersOf(queue: string): Promise<number | null | undefined> {
    const cached = this.#consumerCounts.get(queue);
    if (cached && Date.now() - cached.at < 1_000) return cached.count;
    const model = this.#model;
    if (!model) return undefined;
    let count: number | null;
    try {
      this.#probe ??= model.createChannel().then((ch) => {
        ch.on('error', () => undefined);
        ch.on('close', () => {
          this.#probe = undefined;
        });
        return ch;
      });
      count = (await (await this.#probe).checkQueue(queue)).consumerCount;
    } catch (err) {
      // A missing queue closes the probe channel (404); anything else: unknown.
      this.#probe = undefined;
      if ((err as { code?: unknown }).code !== 404) return undefined;
      count = null;
    }
    this.#consumerCounts.set(queue, { at: Date.now(), count });
    return count;
  }

  // ---------------------------------------------------------------- connection

  async #connectLoop(): Promise<void> {
    const log = this.#options.logger;
    for (;;) {
      if (this.#closed) throw new Error('AMQP transport closed');
      try {
        await this.#connectOnce();
        if (this.#connections++ > 0)
          log?.info({ attempts: this.#attempt + 1 }, 'AMQP connection re-established');
        this.#attempt = 0;
        return;
      } catch (err) {
        this.#attempt += 1;
        const delay = Math.min(
          this.#options.maxReconnectDelayMs ?? 5_000,
          100 * 2 ** Math.min(this.#attempt, 6),
        );
        log?.warn({ err: errMessage(err), attempt: this.#attempt, delayMs: delay }, 'AMQP connect failed');
        await new Promise((r) => {
          this.#reconnectTimer = setTimeout(r, delay);
        });
      }
    }
  }

  async #connectOnce(): Promise<void> {
    const model = await amqp.connect(this.#options.url, { clientProperties: { product: 'ferric' } });
    let lost = false;
    const onLost = (why: string) => {
      if (lost) return;
      lost = true;
      if (this.#model === model) {
        this.#model = undefined;
        this.#channel = undefined;
      }
      void model.close().catch(() => undefined);
      if (this.#closed) return;
      this.#options.logger?.warn({ why }, 'AMQP connection lost; reconnecting');
      void this.start().catch(() => undefined);
    };
    model.on('error', (err: unknown) =>
      this.#options.logger?.warn({ err: errMessage(err) }, 'AMQP connection error'),
    );
    model.on('close', () => onLost('connection closed'));
    try {
      const ch = await model.createConfirmChannel();
      ch.on('error', (err: unknown) =>
        this.#options.logger?.warn({ err: errMessage(err) }, 'AMQP channel error'),
      );
      ch.on('close', () => onLost('channel closed'));
      ch.on('return', (msg: ConsumeMessage) => this.#onReturned(msg));
      await ch.prefetch(this.#options.prefetch ?? 64);
      await ch.assertQueue(this.#replyQueue, { durable: true, arguments: { 'x-expires': 30 * 60_000 } });
      await ch.consume(this.#replyQueue, (msg) => msg && this.#onReply(ch, msg), { noAck: false });
      for (const [host, served] of this.#servers) await this.#consume(ch, host, served);
      if (this.#closed) throw new Error('AMQP transport closed');
      this.#model = model;
      this.#channel = ch;
    } catch (err) {
      lost = true;
      await model.close().catch(() => undefined);
      throw err;
    }
    // Calls the broker never confirmed (sent before the outage, or while disconnected) go out again;
    // the conductor side answers a duplicate from its memory of handled message ids.
    for (const [id, p] of this.#pending) if (!p.confirmed) this.#publishCall(this.#channel, id, p);
    this.#flushOutbox(this.#channel);
  }

  #publishCall(ch: ConfirmChannel, id: string, p: PendingCall): void {
    try {
      ch.publish('', p.queue, p.content, p.options, (err) => {
        if (!err) p.confirmed = true;
        else if (this.#pending.has(id) && this.#channel === ch)
          setTimeout(() => this.#channel && this.#publishCall(this.#channel, id, p), 200);
      });
    } catch {
      // Channel closed under us: the reconnect republishes unconfirmed calls.
    }
  }

  #flushOutbox(ch: ConfirmChannel): void {
    for (const entry of this.#outbox.splice(0)) {
      try {
        ch.publish('', entry.queue, entry.content, entry.options, (err) => {
          if (!err) entry.done();
          else this.#outbox.push(entry);
        });
      } catch {
        this.#outbox.push(entry);
      }
    }
  }

  #onReturned(msg: ConsumeMessage): void {
    const id = msg.properties.correlationId as string | undefined;
    const p = id ? this.#pending.get(id) : undefined;
    if (!p || !id) return;
    this.#pending.delete(id);
    clearTimeout(p.timer);
    p.reject(
      new TemporaryFailure(`No conductor consumes ${msg.fields.routingKey}: it never started here.`, {
        details: { queue: msg.fields.routingKey },
      }),
    );
  }

  #onReply(ch: ConfirmChannel, msg: ConsumeMessage): void {
    const id = msg.properties.correlationId as string | undefined;
    const p = id ? this.#pending.get(id) : undefined;
    if (p && id) {
      this.#pending.delete(id);
      clearTimeout(p.timer);
      try {
        const outcome = decode(msg.content.toString('utf8')) as Outcome;
        if (outcome.ok) p.resolve(outcome.result);
        else
          p.reject(
            isWireError(outcome.error)
              ? fromWireError(outcome.error)
              : new FerricError('Malformed AMQP reply.'),
          );
      } catch (err) {
        p.reject(new FerricError('Unreadable AMQP reply.', { cause: err }));
      }
    }
    try {
      ch.ack(msg);
    } catch {
      // channel gone; the broker redelivers, the duplicate is ignored
    }
  }

  // ---------------------------------------------------------------- server side

  async #consume(ch: ConfirmChannel, host: string, served: Served): Promise<void> {
    try {
      const queue = this.queueFor(host);
      await ch.assertQueue(queue, { durable: true });
      const { consumerTag } = await ch.consume(queue, (msg) => msg && void this.#onRequest(ch, host, msg), {
        noAck: false,
      });
      served.consumerTag = consumerTag;
    } catch (err) {
      this.#options.logger?.warn({ err: errMessage(err), host }, 'cannot consume the conductor queue yet');
    }
  }

  async #onRequest(ch: ConfirmChannel, host: string, msg: ConsumeMessage): Promise<void> {
    const served = this.#servers.get(host);
    const id = (msg.properties.messageId as string | undefined) ?? randomUUID();
    this.#pruneHandled();
    let entry = this.#handled.get(id);
    if (!entry) {
      entry = { at: Date.now(), outcome: this.#run(served?.server, host, msg) };
      this.#handled.set(id, entry);
    }
    const outcome = await entry.outcome;
    const replyTo = msg.properties.replyTo as string | undefined;
    if (replyTo) {
      await new Promise<void>((resolve) => {
        this.#outbox.push({
          queue: replyTo,
          content: Buffer.from(encode(outcome)),
          options: {
            correlationId: msg.properties.correlationId as string,
            persistent: true,
            contentType: 'application/json',
          },
          done: resolve,
        });
        if (this.#channel) this.#flushOutbox(this.#channel);
      });
    } else if (!outcome.ok) {
      this.#options.logger?.warn({ method: msg.properties.type, err: outcome.error?.message }, 'cast failed');
    }
    // Acknowledge on the channel it came from; if that channel died, the broker redelivers and the
    // duplicate is answered from #handled.
    if (this.#channel === ch) {
      try {
        ch.ack(msg);
      } catch {
        /* channel closed meanwhile */
      }
    }
  }

  async #run(server: ConductorRpc | undefined, host: string, msg: ConsumeMessage): Promise<Outcome> {
    try {
      if (!server) throw new TemporaryFailure(`Conductor ${host} is not served here.`, { details: { host } });
      const { method, args } = decode(msg.content.toString('utf8')) as { method: string; args: unknown };
      const result = await dispatch(server, method, args);
      return { ok: true, result: redactResult(result ?? null) };
    } catch (err) {
      return { ok: false, error: toWireError(err) };
    }
  }

  #pruneHandled(): void {
    if (this.#handled.size < 1024) return;
    const cutoff = Date.now() - DEDUPE_TTL_MS;
    // Insertion order = age: drop expired entries, and the oldest beyond the cap.
    for (const [id, e] of this.#handled) {
      if (e.at >= cutoff && this.#handled.size <= DEDUPE_MAX) break;
      this.#handled.delete(id);
    }
  }
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
