import { connect, type Socket } from 'node:net';

/** A QMP error answer (`{"error": {"class", "desc"}}`). */
export class QmpError extends Error {
  /** Always `QmpError`. */
  override readonly name = 'QmpError';
  /** QMP error class, e.g. `GenericError`, `DeviceNotFound`. */
  readonly errorClass: string;

  constructor(errorClass: string, desc: string) {
    super(desc);
    this.errorClass = errorClass;
  }
}

/** An asynchronous QMP event. */
export interface QmpEvent {
  /** Event name, e.g. `SHUTDOWN`. */
  event: string;
  /** Event data, when the event has any. */
  data?: unknown;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/**
 * A minimal QEMU Machine Protocol client over a UNIX socket: negotiates capabilities, then runs
 * commands one at a time (answers come back in order; asynchronous events are collected apart).
 */
export class QmpClient {
  /** Asynchronous events received (`SHUTDOWN`, `RESET`, `STOP`, …), oldest first. */
  readonly events: QmpEvent[] = [];
  private readonly socket: Socket;
  private buffer = '';
  private readonly pending: Pending[] = [];
  private greeted: Promise<void>;
  private closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    let greet: () => void = () => undefined;
    this.greeted = new Promise<void>((r) => {
      greet = r;
    });
    let sawGreeting = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl = this.buffer.indexOf('\n');
      while (nl >= 0) {
        const line = this.buffer.slice(0, nl).trim();
        this.buffer = this.buffer.slice(nl + 1);
        nl = this.buffer.indexOf('\n');
        if (!line) continue;
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if ('QMP' in msg && !sawGreeting) {
          sawGreeting = true;
          greet();
        } else if ('event' in msg) {
          this.events.push({ event: String(msg.event), data: msg.data });
        } else if ('return' in msg) {
          this.pending.shift()?.resolve(msg.return);
        } else if ('error' in msg) {
          const e = msg.error as { class?: string; desc?: string };
          this.pending.shift()?.reject(new QmpError(e.class ?? 'GenericError', e.desc ?? 'QMP error'));
        }
      }
    });
    const fail = (why: string): void => {
      this.closed = true;
      for (const p of this.pending.splice(0)) p.reject(new Error(why));
    };
    socket.on('close', () => fail('QMP connection closed'));
    socket.on('error', (e) => fail(`QMP connection error: ${e.message}`));
  }

  /** Connects to `path`, retrying while QEMU creates the socket, and negotiates capabilities. */
  static async connect(path: string, timeoutMs = 10_000): Promise<QmpClient> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(path);
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
        const client = new QmpClient(socket);
        await client.greeted;
        await client.execute('qmp_capabilities');
        return client;
      } catch (e) {
        if (Date.now() > end) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** Runs one QMP command and resolves to its `return` value. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('QMP connection closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(
        `${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`,
      );
    });
  }

  /** Closes the connection. */
  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
