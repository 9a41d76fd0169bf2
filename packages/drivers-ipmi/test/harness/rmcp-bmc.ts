// A small RMCP+ BMC written on this package's own protocol layer, for what
// ipmi_sim cannot do: cipher suite 17 (RAKP-HMAC-SHA256 / HMAC-SHA256-128 /
// AES-CBC-128). Tests drive it with the native client *and* with `ipmitool -C 17`,
// so the SHA-256 path is checked against an independent implementation.
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import {
  authHash,
  CIPHER_SUITES,
  deriveSessionKeys,
  hmac,
  passwordKey,
  rakp4IcvLength,
  safeEqual,
} from '../../src/protocol/crypto.js';
import { decodeIpmiRequest, encodeIpmiResponse } from '../../src/protocol/ipmi-message.js';
import {
  decodeSessionPacket,
  encodeV15Packet,
  encodeV20Packet,
  type SessionSecurity,
} from '../../src/protocol/packet.js';
import {
  decodeOpenSessionRequest,
  decodeRakp1,
  decodeRakp3,
  encodeOpenSessionResponse,
  encodeRakp2,
  encodeRakp4,
  type RakpContext,
  rakp2HmacInput,
  rakp3HmacInput,
  rakp4IcvInput,
  sikInput,
} from '../../src/protocol/rakp.js';

interface Session {
  consoleSessionId: number;
  managedSessionId: number;
  suite: number;
  privilege: number;
  ctx?: RakpContext;
  security?: SessionSecurity;
  outSeq: number;
  active: boolean;
}

/** Options of {@link RmcpBmc}. */
export interface RmcpBmcOptions {
  /** Accepted user (default admin/password). */
  username?: string;
  /** Password of that user. */
  password?: string;
  /** Cipher suites offered (default [3, 17]). */
  suites?: number[];
}

/** A loopback RMCP+ BMC holding a chassis power bit and a boot device. */
export class RmcpBmc {
  /** Chassis power. */
  powerOn = false;
  /** Every Chassis Control operation received. */
  readonly controls: number[] = [];
  /** Suites sessions were opened with. */
  readonly openedWith: number[] = [];
  private readonly sessions = new Map<number, Session>();
  private readonly guid = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
  private readonly username: string;
  private readonly password: string;
  private readonly suites: number[];

  private constructor(
    private readonly socket: Socket,
    options: RmcpBmcOptions,
  ) {
    this.username = options.username ?? 'admin';
    this.password = options.password ?? 'password';
    this.suites = options.suites ?? [3, 17];
    socket.on('message', (msg, rinfo) => {
      try {
        this.handle(msg, rinfo);
      } catch (err) {
        // A malformed packet gets no answer, like a real BMC.
        if (process.env.RMCP_BMC_DEBUG) console.error('rmcp-bmc drop', msg.toString('hex'), err);
      }
    });
  }

  /** Start on a free 127.0.0.1 port. */
  static async start(options: RmcpBmcOptions = {}): Promise<RmcpBmc> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    return new RmcpBmc(socket, options);
  }

  /** UDP port. */
  get port(): number {
    return this.socket.address().port;
  }

  /** Stop listening. */
  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private send(packet: Buffer, to: RemoteInfo): void {
    this.socket.send(packet, to.port, to.address);
  }

  private handle(msg: Buffer, from: RemoteInfo): void {
    if (msg[4] === 0x00) {
      this.preSession(msg, from);
      return;
    }
    if ((msg[5]! & 0x3f) === 0x00) {
      // Session payload: find the session first, its keys are needed to verify and decrypt.
      const session = this.sessions.get(msg.readUInt32LE(6));
      if (!session?.active) return;
      const p = decodeSessionPacket(msg, session.security);
      this.command(session, decodeIpmiRequest(p.payload), from);
      return;
    }
    const head = decodeSessionPacket(msg);
    if (head.payloadType === 0x10) {
      this.openSession(head.payload, from);
      return;
    }
    if (head.payloadType === 0x12) {
      this.rakp1(head.payload, from);
      return;
    }
    if (head.payloadType === 0x14) {
      this.rakp3(head.payload, from);
      return;
    }
  }

  private preSession(msg: Buffer, from: RemoteInfo): void {
    const p = decodeSessionPacket(msg);
    const req = decodeIpmiRequest(p.payload);
    let response: Buffer;
    if (req.netFn === 0x06 && req.command === 0x38) {
      // channel 1; IPMI 2.0 extended data; non-null user names; IPMI 2.0 supported
      response = encodeIpmiResponse(req, 0, Buffer.from([0x01, 0x80, 0x04, 0x02, 0, 0, 0, 0]));
    } else if (req.netFn === 0x06 && req.command === 0x54) {
      const records = this.suites.flatMap((id) => {
        const s = CIPHER_SUITES[id]!;
        return [0xc0, id, s.auth, 0x40 | s.integrity, 0x80 | s.confidentiality];
      });
      response = encodeIpmiResponse(req, 0, Buffer.from([0x01, ...records]));
    } else {
      response = encodeIpmiResponse(req, 0xc1);
    }
    this.send(encodeV15Packet(response), from);
  }

  private openSession(payload: Buffer, from: RemoteInfo): void {
    const req = decodeOpenSessionRequest(payload);
    const id = this.suites.find((s) => {
      const c = CIPHER_SUITES[s]!;
      return (
        c.auth === req.auth && c.integrity === req.integrity && c.confidentiality === req.confidentiality
      );
    });
    const reply = (status: number, managedSessionId = 0) =>
      this.send(
        encodeV20Packet({
          payloadType: 0x11,
          sessionId: 0,
          sequence: 0,
          payload: encodeOpenSessionResponse({
            tag: req.tag,
            status,
            privilege: req.privilege || 4,
            consoleSessionId: req.consoleSessionId,
            managedSessionId,
            auth: req.auth,
            integrity: req.integrity,
            confidentiality: req.confidentiality,
          }),
        }),
        from,
      );
    if (id === undefined) {
      reply(0x11);
      return;
    }
    const managedSessionId = randomInt(1, 0x7fffffff);
    this.sessions.set(managedSessionId, {
      consoleSessionId: req.consoleSessionId,
      managedSessionId,
      suite: id,
      privilege: req.privilege || 4,
      outSeq: 0,
      active: false,
    });
    reply(0, managedSessionId);
  }

  private rakp1(payload: Buffer, from: RemoteInfo): void {
    const m = decodeRakp1(payload);
    const session = this.sessions.get(m.managedSessionId);
    if (!session) return;
    const hash = authHash(CIPHER_SUITES[session.suite]!.auth)!;
    const reply = (status: number, ctx?: RakpContext) =>
      this.send(
        encodeV20Packet({
          payloadType: 0x13,
          sessionId: 0,
          sequence: 0,
          payload: encodeRakp2({
            tag: m.tag,
            status,
            consoleSessionId: session.consoleSessionId,
            bmcRandom: ctx ? Buffer.from(ctx.bmcRandom) : Buffer.alloc(0),
            bmcGuid: this.guid,
            authCode: ctx ? hmac(hash, passwordKey(this.password), rakp2HmacInput(ctx)) : Buffer.alloc(0),
          }),
        }),
        from,
      );
    if (m.username.toString() !== this.username) {
      reply(0x0d);
      return;
    }
    session.ctx = {
      consoleSessionId: session.consoleSessionId,
      managedSessionId: session.managedSessionId,
      consoleRandom: m.consoleRandom,
      bmcRandom: randomBytes(16),
      bmcGuid: this.guid,
      role: m.role,
      username: m.username,
    };
    reply(0, session.ctx);
  }

  private rakp3(payload: Buffer, from: RemoteInfo): void {
    const m = decodeRakp3(payload);
    const session = this.sessions.get(m.managedSessionId);
    if (!session?.ctx) return;
    const suite = CIPHER_SUITES[session.suite]!;
    const hash = authHash(suite.auth)!;
    const kuid = passwordKey(this.password);
    const ok = m.status === 0 && safeEqual(hmac(hash, kuid, rakp3HmacInput(session.ctx)), m.authCode);
    const keys = deriveSessionKeys(suite.auth, kuid, sikInput(session.ctx));
    this.send(
      encodeV20Packet({
        payloadType: 0x15,
        sessionId: 0,
        sequence: 0,
        payload: encodeRakp4({
          tag: m.tag,
          status: ok ? 0 : 0x0f,
          consoleSessionId: session.consoleSessionId,
          icv: hmac(hash, keys.sik, rakp4IcvInput(session.ctx)).subarray(0, rakp4IcvLength(suite.auth)),
        }),
      }),
      from,
    );
    if (!ok) return;
    session.security = {
      integrity: suite.integrity,
      confidentiality: suite.confidentiality,
      k1: keys.k1,
      k2: keys.k2,
    };
    session.active = true;
    this.openedWith.push(session.suite);
  }

  private command(session: Session, req: ReturnType<typeof decodeIpmiRequest>, from: RemoteInfo): void {
    let cc = 0;
    let data: number[] = [];
    const op = `${req.netFn}:${req.command}`;
    if (op === '6:59') data = [req.data[0] ?? 4];
    else if (op === '6:60') session.active = false;
    else if (op === '6:1') data = [0x20, 0x01, 0x01, 0x00, 0x02, 0x00, 0x57, 0x01, 0x00, 0x34, 0x12];
    else if (op === '0:1') data = [this.powerOn ? 1 : 0, 0, 0];
    else if (op === '0:2') {
      const c = req.data[0] ?? 0xff;
      if (c > 5) cc = 0xcc;
      else {
        this.controls.push(c);
        if (c === 1) this.powerOn = true;
        if (c === 0 || c === 5) this.powerOn = false;
      }
    } else cc = 0xc1;
    session.outSeq += 1;
    this.send(
      encodeV20Packet({
        payloadType: 0x00,
        sessionId: session.consoleSessionId,
        sequence: session.outSeq,
        payload: encodeIpmiResponse(req, cc, Buffer.from(data)),
        ...(session.security ? { security: session.security } : {}),
      }),
      from,
    );
    if (op === '6:60') this.sessions.delete(session.managedSessionId);
  }
}
