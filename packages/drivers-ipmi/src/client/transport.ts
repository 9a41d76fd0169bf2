import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { IpmiClosedError } from '../errors.js';

/** A resolved BMC endpoint. */
export interface Endpoint {
  /** Numeric IP address. */
  address: string;
  /** UDP port. */
  port: number;
  /** 4 or 6. */
  family: 4 | 6;
}

/** Outcome of a packet matcher: `undefined` means "not mine, keep waiting". */
export type Matcher<T> = (packet: Buffer) => T | undefined;

interface Waiter {
  match: Matcher<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Thrown internally when one attempt's wait expires; sessions turn it into {@link IpmiTimeoutError}. */
export class AttemptTimeout extends Error {
  constructor() {
    super('attempt timed out');
  }
}

/**
 * One UDP socket (per address family) shared by every session of a client.
 * Incoming datagrams are offered to the waiters registered for their source
 * endpoint; a matcher decides whether a packet answers its request, so many
 * sessions to one BMC and thousands of BMCs share the socket safely.
 */
export class UdpTransport {
  private readonly sockets = new Map<4 | 6, Promise<Socket>>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly listeners = new Map<string, Set<(packet: Buffer) => boolean>>();
  private closed = false;

  /** Resolve a host name to a numeric endpoint (done once per session, not per packet). */
  async resolve(host: string, port: number): Promise<Endpoint> {
    const family = isIP(host);
    if (family === 4 || family === 6) return { address: host, port, family };
    const r = await lookup(host);
    return { address: r.address, port, family: r.family === 6 ? 6 : 4 };
  }

  /**
   * Register a matcher for packets from `endpoint`, then send `packet`. Resolves
   * with the first matching packet's value; rejects with {@link AttemptTimeout}
   * after `timeoutMs`. Registering before sending means a fast answer is never lost.
   */
  async exchange<T>(endpoint: Endpoint, packet: Buffer, match: Matcher<T>, timeoutMs: number): Promise<T> {
    if (this.closed) throw new IpmiClosedError('IPMI transport');
    const socket = await this.socket(endpoint.family);
    const key = `${endpoint.address}|${endpoint.port}`;
    return new Promise<T>((resolve, reject) => {
      let set = this.waiters.get(key);
      if (!set) {
        set = new Set();
        this.waiters.set(key, set);
      }
      const waiters = set;
      const waiter: Waiter = {
        match,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.remove(key, waiters, waiter);
          reject(new AttemptTimeout());
        }, timeoutMs),
      };
      waiters.add(waiter);
      socket.send(packet, endpoint.port, endpoint.address, (err) => {
        // A send error (e.g. EHOSTUNREACH) is not fatal: the attempt just times out and is retried.
        if (err && this.closed) {
          this.remove(key, waiters, waiter);
          clearTimeout(waiter.timer);
          reject(new IpmiClosedError('IPMI transport'));
        }
      });
    });
  }

  /**
   * Receive unsolicited packets from `endpoint` (e.g. Serial-over-LAN data):
   * `handler` is offered every packet no pending exchange claimed and returns
   * true when it consumed it. Returns the function that unsubscribes.
   */
  listen(endpoint: Endpoint, handler: (packet: Buffer) => boolean): () => void {
    const key = `${endpoint.address}|${endpoint.port}`;
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    const listeners = set;
    listeners.add(handler);
    return () => {
      listeners.delete(handler);
      if (listeners.size === 0 && this.listeners.get(key) === listeners) this.listeners.delete(key);
    };
  }

  /** Send without waiting for an answer (best-effort Close Session). */
  async send(endpoint: Endpoint, packet: Buffer): Promise<void> {
    if (this.closed) return;
    const socket = await this.socket(endpoint.family);
    await new Promise<void>((resolve) =>
      socket.send(packet, endpoint.port, endpoint.address, () => resolve()),
    );
  }

  /** Close the sockets; pending exchanges reject with {@link IpmiClosedError}. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const set of this.waiters.values()) {
      for (const w of set) {
        clearTimeout(w.timer);
        w.reject(new IpmiClosedError('IPMI transport'));
      }
    }
    this.waiters.clear();
    const sockets = await Promise.allSettled([...this.sockets.values()]);
    await Promise.all(
      sockets.map((s) =>
        s.status === 'fulfilled' ? new Promise<void>((resolve) => s.value.close(() => resolve())) : undefined,
      ),
    );
  }

  private remove(key: string, set: Set<Waiter>, waiter: Waiter): void {
    set.delete(waiter);
    if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
  }

  private socket(family: 4 | 6): Promise<Socket> {
    let s = this.sockets.get(family);
    if (!s) {
      s = new Promise<Socket>((resolve, reject) => {
        const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
        socket.once('error', reject);
        socket.on('message', (msg, rinfo) => this.dispatch(msg, rinfo));
        socket.bind(0, () => {
          socket.off('error', reject);
          // Late errors (ICMP on some platforms) must not crash the process; attempts time out instead.
          socket.on('error', () => {});
          // Idle sockets must not keep the process alive; pending timers do while requests are in flight.
          socket.unref();
          resolve(socket);
        });
      });
      this.sockets.set(family, s);
    }
    return s;
  }

  private dispatch(msg: Buffer, rinfo: RemoteInfo): void {
    const key = `${rinfo.address}|${rinfo.port}`;
    const set = this.waiters.get(key) ?? new Set<Waiter>();
    for (const w of set) {
      let value: unknown;
      try {
        value = w.match(msg);
      } catch {
        // Malformed, foreign or tampered packets are dropped; the request may still get a good answer.
        continue;
      }
      if (value === undefined) continue;
      clearTimeout(w.timer);
      this.remove(key, set, w);
      w.resolve(value);
      return;
    }
    for (const listener of this.listeners.get(key) ?? []) {
      try {
        if (listener(msg)) return;
      } catch {
        // Not for this listener (or tampered): offer it to the next one.
      }
    }
    // Otherwise a late or unsolicited packet nobody waits for: dropped.
  }
}
