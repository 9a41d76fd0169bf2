import { randomBytes, randomInt } from 'node:crypto';
import {
  channelAuthCapabilitiesRequest,
  cipherSuitesRequest,
  decodeChannelAuthCapabilities,
  decodeCipherSuiteRecords,
} from '../commands/app.js';
import type { CommandRunner } from '../commands/runner.js';
import {
  IpmiAuthenticationError,
  IpmiClosedError,
  IpmiCompletionCodeError,
  type IpmiError,
  IpmiProtocolError,
  IpmiTimeoutError,
  IpmiUnsupportedCipherError,
} from '../errors.js';
import {
  completionCodeMeaning,
  isAuthStatus,
  isCipherStatus,
  rmcpPlusStatusMeaning,
} from '../protocol/completion-codes.js';
import { Command, NetFn, PayloadType, PrivilegeLevel } from '../protocol/constants.js';
import {
  authHash,
  CIPHER_SUITES,
  type CipherSuite,
  deriveSessionKeys,
  hmac,
  integrityLength,
  passwordKey,
  rakp4IcvLength,
  safeEqual,
} from '../protocol/crypto.js';
import { decodeIpmiResponse, encodeIpmiRequest, type IpmiResponse } from '../protocol/ipmi-message.js';
import {
  decodeSessionPacket,
  encodeV15Packet,
  encodeV20Packet,
  type SessionSecurity,
} from '../protocol/packet.js';
import {
  decodeOpenSessionResponse,
  decodeRakp2,
  decodeRakp4,
  encodeOpenSessionRequest,
  encodeRakp1,
  encodeRakp3,
  type OpenSessionResponse,
  type RakpContext,
  rakp2HmacInput,
  rakp3HmacInput,
  rakp4IcvInput,
  sikInput,
} from '../protocol/rakp.js';
import { AttemptTimeout, type Endpoint, type Matcher, type UdpTransport } from './transport.js';

/** Per-request timing: each attempt waits `timeoutMs * backoff^n` (capped), for `1 + retries` attempts. */
export interface RetryPolicy {
  /** Wait for the first attempt, in ms. */
  timeoutMs: number;
  /** Extra attempts after the first. */
  retries: number;
  /** Multiplier applied to the wait of each further attempt. */
  backoff: number;
  /** Cap on one attempt's wait, in ms. */
  maxTimeoutMs: number;
}

/** Worst-case time one request can take under a policy (the bound callers can rely on). */
export function requestTimeBound(p: RetryPolicy): number {
  let total = 0;
  for (let i = 0; i <= p.retries; i++) total += attemptTimeout(p, i);
  return total;
}

function attemptTimeout(p: RetryPolicy, attempt: number): number {
  return Math.min(p.maxTimeoutMs, Math.round(p.timeoutMs * p.backoff ** attempt));
}

/** What a session needs to know about its BMC and credentials. */
export interface SessionParams {
  /** Display name of the BMC (host:port), used in errors — never contains credentials. */
  target: string;
  /** Resolved endpoint. */
  endpoint: Endpoint;
  /** User name (empty = null user). */
  username: string;
  /** Password (at most 20 bytes). */
  password: string;
  /** Optional BMC key Kg (hex or raw string); defaults to the password. */
  kg?: Uint8Array;
  /** Privilege level to request (1–5). */
  privilege: number;
  /** Cipher suites to try, in order. */
  cipherSuites: readonly number[];
  /** Whether to ask the BMC for its cipher suites first (falls back when it does not answer). */
  discoverCipherSuites: boolean;
  /** Retry policy for every exchange. */
  policy: RetryPolicy;
}

/** Knowledge about one BMC shared by its sessions (so quirks are probed once, not per session). */
export interface EndpointKnowledge {
  /** Suites the BMC advertised, or null when it does not implement Get Channel Cipher Suites. */
  advertisedSuites?: number[] | null;
  /** The suite that last worked. */
  workingSuite?: number;
}

/**
 * One RMCP+ session with one BMC: establishment (auth caps, cipher suite
 * choice, Open Session, RAKP 1–4, Set Session Privilege above USER), protected
 * request/response with sequence numbers and retries, and Close Session.
 * Requests are serialized: IPMI BMCs handle one outstanding request per
 * session best, and it keeps sequence handling simple.
 *
 * The session owns its transport and closes it with the session: BMCs such as
 * pyghmi's (VirtualBMC) key sessions by the client's address and port, so two
 * sessions — or a failed login next to a live session — must never share a socket.
 */
export class IpmiSession implements CommandRunner {
  private security: SessionSecurity | undefined;
  private managedSessionId = 0;
  private readonly consoleSessionId: number;
  private outboundSeq = 0;
  /** Highest inbound session sequence number seen and the recent ones, for replay rejection (IPMI v2.0 §6.12.13). */
  private inboundHigh = 0;
  private readonly inboundSeen = new Set<number>();
  private rqSeq = 0;
  private tag = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private state: 'new' | 'open' | 'closed' = 'new';
  /** The suite negotiated, once open. */
  cipherSuite: CipherSuite | undefined;
  /** Privilege level granted by the BMC. */
  privilege = 0;
  /** Time of the last successful exchange (ms since epoch), for keep-alive and idle eviction. */
  lastActivity = Date.now();

  constructor(
    private readonly transport: UdpTransport,
    private readonly params: SessionParams,
    private readonly knowledge: EndpointKnowledge = {},
  ) {
    this.consoleSessionId = randomInt(1, 0xffffffff);
  }

  /** Display name of the BMC (host:port). */
  get target(): string {
    return this.params.target;
  }

  /** UDP port of the BMC. */
  get port(): number {
    return this.params.endpoint.port;
  }

  /** True once established and not closed. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Establish the session. Throws typed errors: timeout, authentication, unsupported cipher, protocol. */
  async open(): Promise<void> {
    if (this.state !== 'new') throw new IpmiProtocolError('session already opened');
    const caps = decodeChannelAuthCapabilities(
      await this.preSessionRequest(
        NetFn.app,
        Command.getChannelAuthCapabilities,
        channelAuthCapabilitiesRequest(this.params.privilege),
        'Get Channel Authentication Capabilities',
      ),
    );
    if (!caps.ipmiV20) {
      throw new IpmiUnsupportedCipherError(
        this.params.target,
        this.params.cipherSuites[0] ?? -1,
        'BMC does not support IPMI v2.0 (RMCP+)',
      );
    }
    const candidates = await this.candidateSuites();
    let lastError: IpmiError | undefined;
    for (const id of candidates) {
      const suite = CIPHER_SUITES[id];
      if (!suite) continue;
      const response = await this.openSession(suite);
      if (response.status !== 0) {
        lastError = this.openSessionError(id, response.status);
        if (isCipherStatus(response.status)) continue; // try the next suite
        throw lastError;
      }
      if (
        response.auth !== suite.auth ||
        response.integrity !== suite.integrity ||
        response.confidentiality !== suite.confidentiality
      ) {
        // A BMC must not pick weaker algorithms than proposed: refuse rather than downgrade.
        lastError = new IpmiUnsupportedCipherError(
          this.params.target,
          id,
          'BMC answered with different algorithms',
        );
        continue;
      }
      this.managedSessionId = response.managedSessionId;
      await this.rakp(suite);
      this.cipherSuite = suite;
      this.knowledge.workingSuite = id;
      this.state = 'open';
      // A session starts at USER (or the lower requested maximum, CALLBACK): only a higher level is asked for,
      // as ipmitool does. pyghmi's BMC crashes on the request at CALLBACK.
      if (this.params.privilege <= PrivilegeLevel.user) {
        this.privilege = this.params.privilege;
        return;
      }
      try {
        await this.request(NetFn.app, Command.setSessionPrivilegeLevel, Buffer.from([this.params.privilege]));
        this.privilege = this.params.privilege;
      } catch (err) {
        await this.close();
        if (err instanceof IpmiCompletionCodeError) {
          throw new IpmiAuthenticationError(
            this.params.target,
            `privilege level ${this.params.privilege} refused: ${completionCodeMeaning(NetFn.app, Command.setSessionPrivilegeLevel, err.completionCode)}`,
          );
        }
        throw err;
      }
      return;
    }
    throw (
      lastError ??
      new IpmiUnsupportedCipherError(
        this.params.target,
        this.params.cipherSuites[0] ?? -1,
        'no acceptable cipher suite is offered by the BMC',
      )
    );
  }

  /**
   * Run one IPMI command in the session. Resolves with the response data;
   * a non-zero completion code rejects with {@link IpmiCompletionCodeError}.
   */
  request(netFn: number, command: number, data?: Uint8Array): Promise<Buffer> {
    return this.rawRequest(netFn, command, data).then((r) => {
      if (r.completionCode !== 0) {
        throw new IpmiCompletionCodeError(
          this.params.target,
          netFn,
          command,
          r.completionCode,
          completionCodeMeaning(netFn, command, r.completionCode),
        );
      }
      return r.data;
    });
  }

  /** Like {@link request} but resolves with the full response, whatever its completion code. */
  rawRequest(netFn: number, command: number, data?: Uint8Array): Promise<IpmiResponse> {
    const run = this.queue.then(() => this.doRequest(netFn, command, data));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Send a non-IPMI payload (e.g. SOL) in the session, protected like commands.
   * Fire and forget: the payload's own protocol does acknowledgements.
   */
  async sendPayload(payloadType: number, payload: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new IpmiClosedError(`IPMI session with ${this.params.target}`);
    this.outboundSeq = (this.outboundSeq + 1) >>> 0 || 1;
    await this.transport.send(
      this.params.endpoint,
      encodeV20Packet({
        payloadType,
        sessionId: this.managedSessionId,
        sequence: this.outboundSeq,
        payload,
        ...(this.security ? { security: this.security } : {}),
      }),
    );
  }

  /** Receive payloads of `payloadType` addressed to this session (verified, decrypted, replay-checked). */
  onPayload(payloadType: number, handler: (payload: Buffer) => void): () => void {
    return this.transport.listen(this.params.endpoint, (pkt) => {
      const p = decodeSessionPacket(pkt, this.security);
      if (p.payloadType !== payloadType || p.sessionId !== this.consoleSessionId) return false;
      if (this.acceptInboundSequence(p.sequence)) {
        this.lastActivity = Date.now();
        handler(p.payload);
      }
      return true;
    });
  }

  /** Close the session (best effort, one short attempt) and release its socket; never throws. */
  async close(): Promise<void> {
    if (this.state !== 'open') {
      this.state = 'closed';
      await this.transport.close();
      return;
    }
    const id = Buffer.alloc(4);
    id.writeUInt32LE(this.managedSessionId >>> 0, 0);
    try {
      const once: RetryPolicy = {
        ...this.params.policy,
        retries: 0,
        timeoutMs: Math.min(this.params.policy.timeoutMs, 1000),
      };
      await this.queue;
      await this.exchangeInSession(NetFn.app, Command.closeSession, id, once);
    } catch {
      // The BMC reaps sessions that are not closed; nothing more to do.
    } finally {
      this.state = 'closed';
      this.security = undefined;
      await this.transport.close();
    }
  }

  private async doRequest(netFn: number, command: number, data?: Uint8Array): Promise<IpmiResponse> {
    if (this.state !== 'open') throw new IpmiClosedError(`IPMI session with ${this.params.target}`);
    const r = await this.exchangeInSession(netFn, command, data, this.params.policy);
    this.lastActivity = Date.now();
    return r;
  }

  private exchangeInSession(
    netFn: number,
    command: number,
    data: Uint8Array | undefined,
    policy: RetryPolicy,
  ): Promise<IpmiResponse> {
    this.rqSeq = (this.rqSeq % 63) + 1;
    const rqSeq = this.rqSeq;
    const message = encodeIpmiRequest({ netFn, command, rqSeq, ...(data ? { data } : {}) });
    const match: Matcher<IpmiResponse> = (pkt) => {
      const p = decodeSessionPacket(pkt, this.security);
      if (p.payloadType !== PayloadType.ipmi || p.sessionId !== this.consoleSessionId) return undefined;
      const r = decodeIpmiResponse(p.payload);
      if (r.rqSeq !== rqSeq || r.command !== command || r.netFn !== (netFn | 1)) return undefined;
      return this.acceptInboundSequence(p.sequence) ? r : undefined;
    };
    // Each retransmission gets a fresh session sequence number (the BMC rejects replays) but keeps rqSeq,
    // so a BMC that caches responses by rqSeq can recognise a retry.
    const build = (): Buffer => {
      this.outboundSeq = (this.outboundSeq + 1) >>> 0 || 1;
      return encodeV20Packet({
        payloadType: PayloadType.ipmi,
        sessionId: this.managedSessionId,
        sequence: this.outboundSeq,
        payload: message,
        ...(this.security ? { security: this.security } : {}),
      });
    };
    return this.withRetries(
      build,
      match,
      `netfn 0x${netFn.toString(16)} cmd 0x${command.toString(16)}`,
      policy,
    );
  }

  private async withRetries<T>(
    build: () => Buffer,
    match: Matcher<T>,
    what: string,
    policy = this.params.policy,
  ): Promise<T> {
    for (let attempt = 0; attempt <= policy.retries; attempt++) {
      if (this.state === 'closed') throw new IpmiClosedError(`IPMI session with ${this.params.target}`);
      try {
        return await this.transport.exchange(
          this.params.endpoint,
          build(),
          match,
          attemptTimeout(policy, attempt),
        );
      } catch (err) {
        if (!(err instanceof AttemptTimeout)) throw err;
      }
    }
    throw new IpmiTimeoutError(this.params.target, what, policy.retries + 1, policy.timeoutMs);
  }

  private async preSessionRequest(
    netFn: number,
    command: number,
    data: Uint8Array,
    what: string,
    policy = this.params.policy,
  ): Promise<Buffer> {
    this.rqSeq = (this.rqSeq % 63) + 1;
    const rqSeq = this.rqSeq;
    const packet = encodeV15Packet(encodeIpmiRequest({ netFn, command, rqSeq, data }));
    const response = await this.withRetries(
      () => packet,
      (pkt) => {
        const p = decodeSessionPacket(pkt);
        if (p.sessionId !== 0 || p.payloadType !== PayloadType.ipmi) return undefined;
        const r = decodeIpmiResponse(p.payload);
        return r.rqSeq === rqSeq && r.command === command && r.netFn === (netFn | 1) ? r : undefined;
      },
      what,
      policy,
    );
    if (response.completionCode !== 0) {
      throw new IpmiCompletionCodeError(
        this.params.target,
        netFn,
        command,
        response.completionCode,
        completionCodeMeaning(netFn, command, response.completionCode),
      );
    }
    return response.data;
  }

  /**
   * Order the suites to try. Get Channel Cipher Suites is optional in practice
   * (OpenIPMI's ipmi_sim does not answer it outside a session): one short
   * attempt, remembered per BMC, then we fall back to trying our preference
   * list with Open Session, which fails fast and definitively per suite.
   */
  private async candidateSuites(): Promise<number[]> {
    const wanted = [...this.params.cipherSuites];
    const working = this.knowledge.workingSuite;
    if (working !== undefined && wanted.includes(working)) {
      return [working, ...wanted.filter((s) => s !== working)];
    }
    if (!this.params.discoverCipherSuites || wanted.length <= 1) return wanted;
    if (this.knowledge.advertisedSuites === undefined) {
      this.knowledge.advertisedSuites = await this.discoverSuites();
    }
    const advertised = this.knowledge.advertisedSuites;
    if (!advertised) return wanted;
    const supported = wanted.filter((s) => advertised.includes(s));
    if (supported.length === 0) {
      throw new IpmiUnsupportedCipherError(
        this.params.target,
        wanted[0]!,
        `BMC offers cipher suites [${advertised.join(', ')}], none of the allowed [${wanted.join(', ')}]`,
      );
    }
    return supported;
  }

  private async discoverSuites(): Promise<number[] | null> {
    const quick: RetryPolicy = {
      ...this.params.policy,
      retries: 0,
      timeoutMs: Math.min(this.params.policy.timeoutMs, 500),
    };
    try {
      const chunks: Buffer[] = [];
      for (let index = 0; index < 64; index++) {
        const data = await this.preSessionRequest(
          NetFn.app,
          Command.getChannelCipherSuites,
          cipherSuitesRequest(index),
          'Get Channel Cipher Suites',
          quick,
        );
        const chunk = data.subarray(1);
        chunks.push(chunk);
        if (chunk.length < 16) break;
      }
      return decodeCipherSuiteRecords(Buffer.concat(chunks)).map((s) => s.id);
    } catch (err) {
      if (
        err instanceof IpmiTimeoutError ||
        err instanceof IpmiCompletionCodeError ||
        err instanceof IpmiProtocolError
      )
        return null;
      throw err;
    }
  }

  private openSession(suite: CipherSuite): Promise<OpenSessionResponse> {
    const tag = this.nextTag();
    const payload = encodeOpenSessionRequest({
      tag,
      privilege: this.params.privilege,
      consoleSessionId: this.consoleSessionId,
      auth: suite.auth,
      integrity: suite.integrity,
      confidentiality: suite.confidentiality,
    });
    const packet = encodeV20Packet({
      payloadType: PayloadType.openSessionRequest,
      sessionId: 0,
      sequence: 0,
      payload,
    });
    return this.withRetries(
      () => packet,
      (pkt) => {
        const p = decodeSessionPacket(pkt);
        if (p.payloadType !== PayloadType.openSessionResponse) return undefined;
        const r = decodeOpenSessionResponse(p.payload);
        return r.tag === tag && (r.consoleSessionId === this.consoleSessionId || r.consoleSessionId === null)
          ? r
          : undefined;
      },
      'RMCP+ Open Session',
    );
  }

  private openSessionError(suite: number, status: number): IpmiError {
    const meaning = rmcpPlusStatusMeaning(status);
    if (isCipherStatus(status)) return new IpmiUnsupportedCipherError(this.params.target, suite, meaning);
    if (isAuthStatus(status)) return new IpmiAuthenticationError(this.params.target, meaning);
    return new IpmiProtocolError(`BMC ${this.params.target} refused RMCP+ Open Session: ${meaning}`);
  }

  private async rakp(suite: CipherSuite): Promise<void> {
    const hash = authHash(suite.auth);
    const kuid = passwordKey(this.params.password);
    const username = Buffer.from(this.params.username, 'utf8');
    // Role: requested privilege with "name-only lookup" (0x10), as ipmitool does.
    const role = (this.params.privilege & 0x0f) | 0x10;
    const consoleRandom = randomBytes(16);
    const tag1 = this.nextTag();
    const rakp1 = encodeV20Packet({
      payloadType: PayloadType.rakp1,
      sessionId: 0,
      sequence: 0,
      payload: encodeRakp1({
        tag: tag1,
        managedSessionId: this.managedSessionId,
        consoleRandom,
        role,
        username,
      }),
    });
    const rakp2 = await this.withRetries(
      () => rakp1,
      (pkt) => {
        const p = decodeSessionPacket(pkt);
        if (p.payloadType !== PayloadType.rakp2) return undefined;
        const r = decodeRakp2(p.payload);
        return r.tag === tag1 && (r.consoleSessionId === this.consoleSessionId || r.consoleSessionId === null)
          ? r
          : undefined;
      },
      'RAKP 1',
    ).catch((err: unknown) => {
      // The BMC answered Open Session a moment ago, so it is reachable: BMCs such as pyghmi's (VirtualBMC)
      // ignore RAKP 1 for a user name they do not know instead of answering with an error status.
      if (!(err instanceof IpmiTimeoutError)) throw err;
      throw new IpmiTimeoutError(
        this.params.target,
        'RAKP 1',
        this.params.policy.retries + 1,
        this.params.policy.timeoutMs,
        {
          likelyCause: `the BMC answered Open Session but not RAKP 1, which some BMCs (pyghmi, VirtualBMC) do for an unknown user name: check ipmi_username`,
        },
      );
    });
    if (rakp2.status !== 0) throw this.rakpError(suite.id, rakp2.status, 'RAKP 2');
    const ctx: RakpContext = {
      consoleSessionId: this.consoleSessionId,
      managedSessionId: this.managedSessionId,
      consoleRandom,
      bmcRandom: rakp2.bmcRandom,
      bmcGuid: rakp2.bmcGuid,
      role,
      username,
    };
    if (hash) {
      const expected = hmac(hash, kuid, rakp2HmacInput(ctx));
      if (!safeEqual(expected, rakp2.authCode)) {
        throw new IpmiAuthenticationError(
          this.params.target,
          'wrong password for this user (RAKP 2 key exchange code does not match)',
        );
      }
    }
    const keys = deriveSessionKeys(suite.auth, this.params.kg ?? kuid, sikInput(ctx));
    const tag3 = this.nextTag();
    const rakp3 = encodeV20Packet({
      payloadType: PayloadType.rakp3,
      sessionId: 0,
      sequence: 0,
      payload: encodeRakp3(
        tag3,
        0,
        this.managedSessionId,
        hash ? hmac(hash, kuid, rakp3HmacInput(ctx)) : Buffer.alloc(0),
      ),
    });
    const rakp4 = await this.withRetries(
      () => rakp3,
      (pkt) => {
        const p = decodeSessionPacket(pkt);
        if (p.payloadType !== PayloadType.rakp4) return undefined;
        const r = decodeRakp4(p.payload);
        return r.tag === tag3 && (r.consoleSessionId === this.consoleSessionId || r.consoleSessionId === null)
          ? r
          : undefined;
      },
      'RAKP 3',
    );
    if (rakp4.status !== 0) throw this.rakpError(suite.id, rakp4.status, 'RAKP 4');
    if (hash) {
      const icv = hmac(hash, keys.sik, rakp4IcvInput(ctx)).subarray(0, rakp4IcvLength(suite.auth));
      if (!safeEqual(icv, rakp4.icv.subarray(0, icv.length)) || rakp4.icv.length < icv.length) {
        throw new IpmiAuthenticationError(
          this.params.target,
          'RAKP 4 integrity check failed (BMC key Kg mismatch?)',
        );
      }
    }
    integrityLength(suite.integrity); // throws early for integrity algorithms we cannot verify
    this.security = {
      integrity: suite.integrity,
      confidentiality: suite.confidentiality,
      k1: keys.k1,
      k2: keys.k2,
    };
  }

  private rakpError(suite: number, status: number, step: string): IpmiError {
    const meaning = rmcpPlusStatusMeaning(status);
    if (isAuthStatus(status)) return new IpmiAuthenticationError(this.params.target, `${step}: ${meaning}`);
    if (isCipherStatus(status))
      return new IpmiUnsupportedCipherError(this.params.target, suite, `${step}: ${meaning}`);
    return new IpmiProtocolError(`BMC ${this.params.target} failed ${step}: ${meaning}`);
  }

  /**
   * Sliding-window replay check on authenticated sessions: a packet older than
   * 32 behind the highest seen, or seen before, is dropped (as if never received).
   */
  private acceptInboundSequence(sequence: number): boolean {
    if (!this.security || this.security.integrity === 0) return true;
    if (sequence === 0 || sequence + 32 <= this.inboundHigh || this.inboundSeen.has(sequence)) return false;
    this.inboundSeen.add(sequence);
    if (sequence > this.inboundHigh) {
      this.inboundHigh = sequence;
      for (const seen of this.inboundSeen) if (seen + 32 <= sequence) this.inboundSeen.delete(seen);
    }
    return true;
  }

  private nextTag(): number {
    this.tag = (this.tag + 1) & 0xff;
    return this.tag;
  }
}
