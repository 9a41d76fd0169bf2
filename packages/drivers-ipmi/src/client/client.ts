import { createHash } from 'node:crypto';
import type { CommandRunner } from '../commands/runner.js';
import { IpmiClosedError, IpmiProtocolError, IpmiTimeoutError } from '../errors.js';
import { PrivilegeLevel } from '../protocol/constants.js';
import { SECURE_CIPHER_SUITES } from '../protocol/crypto.js';
import { type AsfPong, decodeAsfPong, encodeAsfPing } from '../protocol/rmcp.js';
import { type EndpointKnowledge, IpmiSession, type RetryPolicy, requestTimeBound } from './session.js';
import { AttemptTimeout, UdpTransport } from './transport.js';

/** How to reach and log in to one BMC. */
export interface IpmiTarget {
  /** Host name or IP address of the BMC. */
  host: string;
  /** UDP port (default 623). */
  port?: number;
  /** User name (empty string = null user). */
  username: string;
  /** Password (at most 20 bytes). Never logged. */
  password: string;
  /** Optional BMC key (Kg) when the BMC requires two-key login. */
  kg?: Uint8Array;
  /** Privilege level 1–5 (default ADMINISTRATOR = 4). */
  privilege?: number;
  /**
   * Cipher suite: a single ID (3, 17, ...), or an ordered list to try. Default
   * `[17, 3]`. Weak suites (0–2, 6, 15, 16) need `allowInsecureCipherSuites`.
   */
  cipherSuite?: number | readonly number[];
}

/** Client-wide settings. */
export interface IpmiClientOptions {
  /** First attempt's wait per request, ms (default 1000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 2). */
  retries?: number;
  /** Backoff multiplier per retry (default 1.5). */
  backoff?: number;
  /** Cap on one attempt's wait, ms (default 5000). */
  maxTimeoutMs?: number;
  /** Bound on sessions open at once across all BMCs (default 1024); extra callers wait. */
  maxSessions?: number;
  /** Send a keep-alive (Get Device ID) when a pooled session was idle this long, ms (default 20000; 0 = off). */
  keepAliveIntervalMs?: number;
  /** Close pooled sessions idle for this long, ms (default 120000). */
  idleTimeoutMs?: number;
  /** Allow cipher suites without integrity or encryption (0, 1, 2, 6, 15, 16). Default false. */
  allowInsecureCipherSuites?: boolean;
  /** Ask BMCs for their cipher suites before opening a session (default true; falls back when unsupported). */
  discoverCipherSuites?: boolean;
}

/** Per-call options of {@link IpmiClient.withSession}. */
export interface SessionUseOptions {
  /**
   * Who uses the session, e.g. a node UUID. When an owner comes back with
   * other credentials (its password, user or privilege changed), the session
   * it used before is closed unless another owner still uses it.
   */
  owner?: string;
}

interface PoolEntry {
  key: string;
  /** Owners (see {@link SessionUseOptions.owner}) whose current credentials map to this entry. */
  owners: Set<string>;
  session?: IpmiSession;
  opening?: Promise<IpmiSession>;
  busy: number;
  /** Last time a caller used the session (keep-alives do not count), for idle close and LRU eviction. */
  lastUsed: number;
}

const INSECURE = new Set([0, 1, 2, 6, 15, 16]);

/**
 * A native IPMI v2.0 LAN client: one reusable RMCP+ session per (BMC, user,
 * privilege, suite, password), each on its own UDP socket, kept alive while in
 * use and closed when idle, with a bound on concurrent sessions (and so on
 * sockets).
 */
export class IpmiClient {
  private readonly pool = new Map<string, PoolEntry>();
  /** Owner → key of the pool entry its last call used. */
  private readonly owners = new Map<string, string>();
  private readonly knowledge = new Map<string, EndpointKnowledge>();
  private readonly slotWaiters: (() => void)[] = [];
  private readonly dedicated = new Set<IpmiSession>();
  private sessionCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Retry policy applied to every exchange. */
  readonly policy: RetryPolicy;
  private readonly options: Required<IpmiClientOptions>;

  constructor(options: IpmiClientOptions = {}) {
    this.options = {
      timeoutMs: options.timeoutMs ?? 1000,
      retries: options.retries ?? 2,
      backoff: options.backoff ?? 1.5,
      maxTimeoutMs: options.maxTimeoutMs ?? 5000,
      maxSessions: options.maxSessions ?? 1024,
      keepAliveIntervalMs: options.keepAliveIntervalMs ?? 20_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
      allowInsecureCipherSuites: options.allowInsecureCipherSuites ?? false,
      discoverCipherSuites: options.discoverCipherSuites ?? true,
    };
    this.policy = {
      timeoutMs: this.options.timeoutMs,
      retries: this.options.retries,
      backoff: this.options.backoff,
      maxTimeoutMs: this.options.maxTimeoutMs,
    };
  }

  /** Worst-case duration of one exchange (all attempts), ms: a silent BMC fails within a small multiple of this. */
  get requestTimeBoundMs(): number {
    return requestTimeBound(this.policy);
  }

  /** Number of sessions currently open or being opened. */
  get openSessions(): number {
    return this.sessionCount;
  }

  /**
   * Run `fn` with a pooled session to `target` (opened on first use). If a
   * reused session turns out to be dead (the BMC forgot it or rebooted), it is
   * replaced once and `fn` retried; errors of fresh sessions propagate.
   */
  async withSession<T>(
    target: IpmiTarget,
    fn: (runner: CommandRunner) => Promise<T>,
    options: SessionUseOptions = {},
  ): Promise<T> {
    if (this.closed) throw new IpmiClosedError('IPMI client');
    const key = this.keyOf(target);
    if (options.owner !== undefined) this.moveOwner(options.owner, key);
    let entry = this.pool.get(key);
    if (!entry) {
      entry = { key, owners: new Set(), busy: 0, lastUsed: Date.now() };
      this.pool.set(key, entry);
    }
    if (options.owner !== undefined) entry.owners.add(options.owner);
    entry.busy++;
    try {
      const reused = !!entry.session?.isOpen;
      const session = await this.sessionFor(entry, target);
      try {
        return await fn(session);
      } catch (err) {
        if (
          !reused ||
          !(
            err instanceof IpmiTimeoutError ||
            err instanceof IpmiClosedError ||
            err instanceof IpmiProtocolError
          )
        )
          throw err;
        this.drop(entry, session);
        return await fn(await this.sessionFor(entry, target));
      }
    } finally {
      entry.busy--;
      entry.lastUsed = Date.now();
      // Someone waits for a session slot: hand over ours now that it is idle, rather than keep it warm.
      if (entry.busy === 0 && this.slotWaiters.length > 0 && entry.session) {
        this.drop(entry, entry.session);
        this.forget(entry);
      } else if (entry.busy === 0 && !entry.session && !entry.opening) {
        this.forget(entry); // the login failed: nothing to keep
      }
      this.ensureTimer();
    }
  }

  /** An owner now uses `key`: close the session it used before if nobody else uses it. */
  private moveOwner(owner: string, key: string): void {
    const previous = this.owners.get(owner);
    this.owners.set(owner, key);
    if (previous === undefined || previous === key) return;
    const old = this.pool.get(previous);
    if (!old) return;
    old.owners.delete(owner);
    if (old.owners.size === 0 && old.busy === 0) {
      if (old.session) this.drop(old, old.session);
      this.forget(old);
    }
  }

  /** Remove an entry from the pool and its owners' records. */
  private forget(entry: PoolEntry): void {
    if (this.pool.get(entry.key) === entry) this.pool.delete(entry.key);
    for (const owner of entry.owners) if (this.owners.get(owner) === entry.key) this.owners.delete(owner);
  }

  /**
   * Open a dedicated session outside the pool, for long-lived use such as a
   * Serial-over-LAN console. It shares the socket and counts toward
   * `maxSessions`; the caller must {@link IpmiSession.close} it (use {@link releaseDedicated}).
   */
  async openDedicatedSession(target: IpmiTarget): Promise<IpmiSession> {
    if (this.closed) throw new IpmiClosedError('IPMI client');
    const entry: PoolEntry = {
      key: `dedicated|${Math.random()}`,
      owners: new Set(),
      busy: 1,
      lastUsed: Date.now(),
    };
    const session = await this.openSession(entry, target);
    this.dedicated.add(session);
    return session;
  }

  /** Close a session from {@link openDedicatedSession} and free its slot. */
  async releaseDedicated(session: IpmiSession): Promise<void> {
    if (!this.dedicated.delete(session)) return;
    this.releaseSlot();
    await session.close();
  }

  /** Run one command (response data, non-zero completion codes reject). */
  command(target: IpmiTarget, netFn: number, command: number, data?: Uint8Array): Promise<Buffer> {
    return this.withSession(target, (s) => s.request(netFn, command, data));
  }

  /** RMCP/ASF presence ping: resolves with the pong, rejects with {@link IpmiTimeoutError}. */
  async ping(host: string, port = 623): Promise<AsfPong> {
    const transport = new UdpTransport();
    try {
      return await this.pingWith(transport, host, port);
    } finally {
      await transport.close();
    }
  }

  private async pingWith(transport: UdpTransport, host: string, port: number): Promise<AsfPong> {
    const endpoint = await transport.resolve(host, port);
    const tag = Math.floor(Math.random() * 255);
    for (let attempt = 0; attempt <= this.policy.retries; attempt++) {
      try {
        return await transport.exchange(
          endpoint,
          encodeAsfPing(tag),
          (pkt) => {
            const pong = decodeAsfPong(pkt);
            return pong && pong.tag === tag ? pong : undefined;
          },
          Math.min(
            this.policy.maxTimeoutMs,
            Math.round(this.policy.timeoutMs * this.policy.backoff ** attempt),
          ),
        );
      } catch (err) {
        if (!(err instanceof AttemptTimeout)) throw err;
      }
    }
    throw new IpmiTimeoutError(
      `${host}:${port}`,
      'ASF presence ping',
      this.policy.retries + 1,
      this.policy.timeoutMs,
    );
  }

  /** Close every session (Close Session sent, bounded) and the socket. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const sessions = [...this.pool.values()].flatMap((e) => (e.session ? [e.session] : []));
    sessions.push(...this.dedicated);
    this.dedicated.clear();
    this.pool.clear();
    this.owners.clear();
    await Promise.all(sessions.map((s) => s.close()));
    for (const w of this.slotWaiters.splice(0)) w();
  }

  private async sessionFor(entry: PoolEntry, target: IpmiTarget): Promise<IpmiSession> {
    if (entry.session?.isOpen) return entry.session;
    if (!entry.opening) {
      entry.opening = this.openSession(entry, target).finally(() => {
        entry.opening = undefined;
      });
    }
    return entry.opening;
  }

  private async openSession(entry: PoolEntry, target: IpmiTarget): Promise<IpmiSession> {
    await this.acquireSlot();
    // A socket of its own: BMCs that key sessions by client address and port must never mix two of ours.
    const transport = new UdpTransport();
    let session: IpmiSession | undefined;
    try {
      const port = target.port ?? 623;
      const endpoint = await transport.resolve(target.host, port);
      const kKey = `${endpoint.address}|${port}`;
      let knowledge = this.knowledge.get(kKey);
      if (!knowledge) {
        knowledge = {};
        this.knowledge.set(kKey, knowledge);
      }
      const suites = this.suitesOf(target);
      session = new IpmiSession(
        transport,
        {
          target: `${target.host}:${port}`,
          endpoint,
          username: target.username,
          password: target.password,
          ...(target.kg ? { kg: target.kg } : {}),
          privilege: target.privilege ?? PrivilegeLevel.administrator,
          cipherSuites: suites,
          discoverCipherSuites: this.options.discoverCipherSuites,
          policy: this.policy,
        },
        knowledge,
      );
      await session.open();
      if (this.closed) {
        await session.close();
        throw new IpmiClosedError('IPMI client');
      }
      entry.session = session;
      return session;
    } catch (err) {
      this.releaseSlot();
      await (session ? session.close() : transport.close());
      throw err;
    }
  }

  private suitesOf(target: IpmiTarget): number[] {
    const wanted =
      target.cipherSuite === undefined
        ? [...SECURE_CIPHER_SUITES]
        : typeof target.cipherSuite === 'number'
          ? [target.cipherSuite]
          : [...target.cipherSuite];
    for (const s of wanted) {
      if (INSECURE.has(s) && !this.options.allowInsecureCipherSuites) {
        throw new IpmiProtocolError(
          `cipher suite ${s} has no integrity or no encryption; set allowInsecureCipherSuites to use it`,
        );
      }
    }
    return wanted;
  }

  private drop(entry: PoolEntry, session: IpmiSession): void {
    if (entry.session === session) {
      entry.session = undefined;
      this.releaseSlot();
    }
    void session.close();
  }

  private async acquireSlot(): Promise<void> {
    while (this.sessionCount >= this.options.maxSessions) {
      if (this.evictIdle()) continue;
      await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
      if (this.closed) throw new IpmiClosedError('IPMI client');
    }
    this.sessionCount++;
  }

  private releaseSlot(): void {
    this.sessionCount--;
    this.slotWaiters.shift()?.();
  }

  /** Close the least recently used idle session to make room; false if none is idle. */
  private evictIdle(): boolean {
    let victim: PoolEntry | undefined;
    for (const e of this.pool.values()) {
      if (e.busy === 0 && e.session?.isOpen && (!victim || e.lastUsed < victim.lastUsed)) victim = e;
    }
    if (!victim?.session) return false;
    this.drop(victim, victim.session);
    this.forget(victim);
    return true;
  }

  /** Periodic housekeeping: keep-alive for idle sessions, close sessions idle too long. */
  private ensureTimer(): void {
    if (this.timer || this.closed) return;
    const period = Math.max(
      1000,
      Math.min(this.options.keepAliveIntervalMs || this.options.idleTimeoutMs, this.options.idleTimeoutMs) /
        2,
    );
    this.timer = setInterval(() => this.housekeeping(), period);
    this.timer.unref(); // housekeeping must never keep the process alive
  }

  private housekeeping(): void {
    const now = Date.now();
    for (const e of [...this.pool.values()]) {
      const s = e.session;
      if (!s?.isOpen || e.busy > 0) continue;
      if (now - e.lastUsed >= this.options.idleTimeoutMs) {
        this.drop(e, s);
        this.forget(e);
      } else if (
        this.options.keepAliveIntervalMs > 0 &&
        now - s.lastActivity >= this.options.keepAliveIntervalMs
      ) {
        // Get Device ID is harmless and answered by every BMC; it resets the BMC's session inactivity timer.
        s.request(0x06, 0x01).catch(() => this.drop(e, s));
      }
    }
    if (this.pool.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private keyOf(t: IpmiTarget): string {
    // The password is part of session identity (a changed password needs a new session) but is hashed, never kept in keys.
    const secret = createHash('sha256')
      .update(t.password)
      .update('\0')
      .update(t.kg ?? new Uint8Array())
      .digest('hex')
      .slice(0, 16);
    const suites = t.cipherSuite === undefined ? 'default' : String(t.cipherSuite);
    return [t.host, t.port ?? 623, t.username, t.privilege ?? 4, suites, secret].join('|');
  }
}
