import { EventEmitter } from 'node:events';
import { IpmiClosedError, IpmiCompletionCodeError, IpmiProtocolError, IpmiTimeoutError } from '../errors.js';
import { NetFn, PayloadType } from '../protocol/constants.js';
import type { IpmiSession } from './session.js';

const ACTIVATE_PAYLOAD = 0x48;
const DEACTIVATE_PAYLOAD = 0x49;
const SOL_INSTANCE = 1;
/** Status bit: the BMC is deactivating SOL (IPMI v2.0 table 15-2). */
const STATUS_DEACTIVATING = 0x10;
const STATUS_NACK = 0x40;

/** Options of {@link SolConnection.open}. */
export interface SolOptions {
  /** Wait for the BMC to acknowledge a packet before resending, ms (default 1000). */
  ackTimeoutMs?: number;
  /** Resends of an unacknowledged packet (default 5). */
  retries?: number;
  /** Deactivate an SOL payload left active by someone else, then retry (Ironic's socat console does). Default true. */
  takeOver?: boolean;
}

/** Events of a {@link SolConnection}. */
export interface SolEvents {
  /** Characters from the host's serial port. */
  data: [Buffer];
  /** The BMC ended the SOL session (or the connection was closed). */
  close: [];
}

interface PendingAck {
  seq: number;
  resolve: (accepted: number) => void;
  nack: () => void;
}

/**
 * Serial-over-LAN (IPMI v2.0 §15) over an established RMCP+ session: Activate
 * Payload, then 4-byte-header SOL packets with sequence numbers, ACKs and
 * accepted-character counts, resending what the BMC did not accept; Deactivate
 * Payload on close. Emits `data` with host output; `write` resolves once the
 * BMC accepted every byte.
 */
export class SolConnection extends EventEmitter<SolEvents> {
  private outSeq = 0;
  private lastInSeq = 0;
  private pending: PendingAck | undefined;
  private writes: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  private constructor(
    private readonly session: IpmiSession,
    /** Largest SOL payload the BMC accepts (its inbound size, header included). */
    readonly maxPacket: number,
    private readonly options: Required<SolOptions>,
  ) {
    super();
  }

  /** Activate SOL on `session` (encrypted and authenticated as the session is). */
  static async open(session: IpmiSession, options: SolOptions = {}): Promise<SolConnection> {
    const opts: Required<SolOptions> = { ackTimeoutMs: 1000, retries: 5, takeOver: true, ...options };
    const suite = session.cipherSuite;
    // aux byte 1: [7] encrypt, [6] authenticate, [3:2] serial alerts deferred, [1] CTS/DCD/DSR asserted (as ipmitool)
    const aux = (suite?.confidentiality ? 0x80 : 0) | (suite?.integrity ? 0x40 : 0) | 0x06;
    const request = Buffer.from([PayloadType.sol, SOL_INSTANCE, aux, 0, 0, 0]);
    let response: Buffer;
    try {
      response = await session.request(NetFn.app, ACTIVATE_PAYLOAD, request);
    } catch (err) {
      // 0x80: payload already active (a stale console): take it over.
      if (!(err instanceof IpmiCompletionCodeError) || err.completionCode !== 0x80 || !opts.takeOver)
        throw err;
      await session.request(
        NetFn.app,
        DEACTIVATE_PAYLOAD,
        Buffer.from([PayloadType.sol, SOL_INSTANCE, 0, 0, 0, 0]),
      );
      response = await session.request(NetFn.app, ACTIVATE_PAYLOAD, request);
    }
    if (response.length < 12) throw new IpmiProtocolError('Activate Payload response too short');
    const inbound = response.readUInt16LE(4);
    const port = response.readUInt16LE(8);
    if (port !== 0 && port !== session.port) {
      throw new IpmiProtocolError(`BMC wants SOL on UDP port ${port}, a second port is not supported`);
    }
    const sol = new SolConnection(session, Math.max(5, Math.min(inbound || 255, 255)), opts);
    sol.unsubscribe = session.onPayload(PayloadType.sol, (payload) => sol.receive(payload));
    return sol;
  }

  /** Send characters to the host's serial port; resolves when the BMC accepted all of them. */
  write(data: Uint8Array): Promise<void> {
    const chunkSize = this.maxPacket - 4;
    const run = this.writes.then(async () => {
      let rest = Buffer.from(data);
      while (rest.length > 0) {
        const chunk = rest.subarray(0, chunkSize);
        const accepted = await this.sendChunk(chunk);
        rest = rest.subarray(accepted);
      }
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Deactivate SOL (best effort) and stop listening. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.pending?.nack();
    try {
      await this.session.request(
        NetFn.app,
        DEACTIVATE_PAYLOAD,
        Buffer.from([PayloadType.sol, SOL_INSTANCE, 0, 0, 0, 0]),
      );
    } catch {
      // The session may already be gone; the BMC deactivates with it.
    }
    this.emit('close');
  }

  private async sendChunk(chunk: Buffer): Promise<number> {
    this.outSeq = (this.outSeq % 15) + 1;
    const seq = this.outSeq;
    const packet = Buffer.concat([Buffer.from([seq, 0, 0, 0]), chunk]);
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (this.closed) throw new IpmiClosedError('SOL connection');
      const ack = new Promise<number | 'nack' | 'timeout'>((resolve) => {
        const timer = setTimeout(() => {
          this.pending = undefined;
          resolve('timeout');
        }, this.options.ackTimeoutMs);
        this.pending = {
          seq,
          resolve: (n) => {
            clearTimeout(timer);
            resolve(n);
          },
          nack: () => {
            clearTimeout(timer);
            resolve('nack');
          },
        };
      });
      await this.session.sendPayload(PayloadType.sol, packet);
      const result = await ack;
      if (typeof result === 'number') return result > 0 ? Math.min(result, chunk.length) : chunk.length;
      if (result === 'nack') await new Promise((r) => setTimeout(r, 100)); // BMC buffer full: back off, resend
    }
    throw new IpmiTimeoutError(
      `SOL of ${this.session.target}`,
      'an SOL packet',
      this.options.retries + 1,
      this.options.ackTimeoutMs,
    );
  }

  private receive(payload: Buffer): void {
    if (payload.length < 4) return;
    const [seq, ackSeq, accepted, status] = [
      payload[0]! & 0x0f,
      payload[1]! & 0x0f,
      payload[2]!,
      payload[3]!,
    ];
    if (ackSeq !== 0 && this.pending?.seq === ackSeq) {
      const pending = this.pending;
      this.pending = undefined;
      if (status & STATUS_NACK) pending.nack();
      else pending.resolve(accepted);
    }
    const data = payload.subarray(4);
    if (seq !== 0) {
      // ACK every data packet, including duplicates (our previous ACK may have been lost).
      void this.session
        .sendPayload(PayloadType.sol, Buffer.from([0, seq, data.length, 0]))
        .catch(() => undefined);
      if (seq !== this.lastInSeq && data.length > 0) {
        this.lastInSeq = seq;
        this.emit('data', Buffer.from(data));
      }
    }
    if (status & STATUS_DEACTIVATING) void this.close();
  }
}
