import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { open, readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { type Logger, silentLogger } from '@ferric/core';
import { resolveInside } from '../fs/safe-path.js';
import {
  dataPacket,
  errorPacket,
  oackPacket,
  parseRequest,
  TftpErrorCode,
  TftpOpcode,
  type TftpRequest,
  toNetascii,
} from './packets.js';

/** Options of {@link TftpServer}. @public */
export interface TftpServerOptions {
  /** Directory served (usually `getBootConfig().tftpRoot`). Nothing outside it is readable. */
  root: string;
  /** Address to bind. Default `0.0.0.0`; `127.0.0.1` in tests. */
  host?: string;
  /** Port. Default 69; `0` picks a free one. */
  port?: number;
  /** Retransmission timeout when the client asks for none (ms). Default 1000. */
  timeoutMs?: number;
  /** Retransmissions of one packet before the transfer is abandoned. Default 5. */
  retries?: number;
  /** Largest block size granted to `blksize` (RFC 2348 allows 8–65464). Default 1468 (one Ethernet frame). */
  maxBlockSize?: number;
  /** Concurrent transfers; further requests get "disk full or allocation exceeded". Default 128. */
  maxTransfers?: number;
  logger?: Logger;
}

/** The outcome of one transfer, reported to {@link TftpServer.onTransfer}. @public */
export interface TftpTransferLog {
  filename: string;
  client: string;
  ok: boolean;
  bytes: number;
  blockSize: number;
  error?: string;
}

interface Source {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

async function openSource(path: string, netascii: boolean): Promise<Source> {
  if (netascii) {
    const data = toNetascii(await readFile(path));
    return { size: data.length, read: async (o, l) => data.subarray(o, o + l), close: async () => {} };
  }
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, offset);
      return buffer;
    },
    close: () => handle.close(),
  };
}

/**
 * A small read-only TFTP server: RFC 1350 (octet and netascii read requests),
 * RFC 2347 option negotiation, RFC 2348 `blksize`, RFC 2349 `timeout` and
 * `tsize`. Write requests are refused; file names are resolved inside `root`
 * (no `..`, no symlinks leading out). Each transfer uses its own socket (TID).
 * Embed it in a conductor or run it alone (`ferric-boot-services`).
 * @public
 */
export class TftpServer {
  private socket: Socket | null = null;
  private readonly transfers = new Set<Socket>();
  private readonly logger: Logger;
  /** Called after every transfer (successful or not). */
  onTransfer: ((log: TftpTransferLog) => void) | null = null;

  constructor(private readonly options: TftpServerOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Bind the server socket; resolves once listening. */
  async start(): Promise<void> {
    if (this.socket) return;
    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? 69, this.options.host ?? '0.0.0.0', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('message', (message, remote) => this.onRequest(message, remote));
    socket.on('error', (error) => this.logger.error({ err: error }, 'TFTP socket error'));
    this.socket = socket;
  }

  /** Close the server socket and abort transfers in flight. */
  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    for (const transfer of this.transfers) transfer.close();
    this.transfers.clear();
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /** The bound address. */
  address(): AddressInfo {
    if (!this.socket) throw new Error('TftpServer is not listening.');
    return this.socket.address();
  }

  private onRequest(message: Buffer, remote: RemoteInfo): void {
    const reply = (packet: Buffer) => this.socket?.send(packet, remote.port, remote.address);
    const request = parseRequest(message);
    if (!request) {
      const opcode = message.length >= 2 ? message.readUInt16BE(0) : 0;
      // Stray ACK/ERROR to port 69 are ignored; garbage gets an error.
      if (opcode !== TftpOpcode.ACK && opcode !== TftpOpcode.ERROR) {
        reply(errorPacket(TftpErrorCode.ILLEGAL_OPERATION, 'Illegal TFTP operation'));
      }
      return;
    }
    if (request.opcode === TftpOpcode.WRQ) {
      reply(errorPacket(TftpErrorCode.ACCESS_VIOLATION, 'Read-only server'));
      return;
    }
    if (request.mode !== 'octet' && request.mode !== 'netascii') {
      reply(errorPacket(TftpErrorCode.ILLEGAL_OPERATION, `Unsupported mode ${request.mode}`));
      return;
    }
    if (this.transfers.size >= (this.options.maxTransfers ?? 128)) {
      reply(errorPacket(TftpErrorCode.DISK_FULL, 'Too many transfers'));
      return;
    }
    void this.serve(request, remote);
  }

  private async serve(request: TftpRequest, remote: RemoteInfo): Promise<void> {
    const client = `${remote.address}:${remote.port}`;
    const log: TftpTransferLog = { filename: request.filename, client, ok: false, bytes: 0, blockSize: 512 };
    const socket = createSocket('udp4');
    this.transfers.add(socket);
    let source: Source | null = null;
    const send = (packet: Buffer) =>
      new Promise<void>((resolve) => socket.send(packet, remote.port, remote.address, () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, this.options.host ?? '0.0.0.0', () => {
          socket.off('error', reject);
          resolve();
        });
      });
      let path: string;
      try {
        path = await resolveInside(this.options.root, request.filename);
        if (!(await stat(path)).isFile()) throw new Error('not a file');
        source = await openSource(path, request.mode === 'netascii');
      } catch {
        log.error = 'File not found';
        await send(errorPacket(TftpErrorCode.FILE_NOT_FOUND, 'File not found'));
        return;
      }

      // RFC 2347/2348/2349 negotiation: acknowledge only what we accept.
      const accepted: Record<string, string> = {};
      let blockSize = 512;
      let timeoutMs = this.options.timeoutMs ?? 1000;
      const requested = request.options;
      if (requested.blksize !== undefined) {
        const size = Number(requested.blksize);
        if (Number.isInteger(size) && size >= 8) {
          blockSize = Math.min(size, this.options.maxBlockSize ?? 1468, 65464);
          accepted.blksize = String(blockSize);
        }
      }
      if (requested.timeout !== undefined) {
        const seconds = Number(requested.timeout);
        if (Number.isInteger(seconds) && seconds >= 1 && seconds <= 255) {
          timeoutMs = seconds * 1000;
          accepted.timeout = String(seconds);
        }
      }
      if (requested.tsize !== undefined) accepted.tsize = String(source.size);
      log.blockSize = blockSize;

      const retries = this.options.retries ?? 5;
      // Send `packet` until the client ACKs `block`; false when it gave up or erred.
      const exchange = (packet: Buffer, block: number): Promise<boolean> =>
        new Promise((resolve) => {
          let attempts = 0;
          let timer: NodeJS.Timeout | undefined;
          const done = (ok: boolean) => {
            clearTimeout(timer);
            socket.off('message', onMessage);
            socket.off('close', onClose);
            resolve(ok);
          };
          const onClose = () => done(false);
          const transmit = () => {
            if (attempts++ > retries) {
              log.error = 'Timed out';
              done(false);
              return;
            }
            try {
              socket.send(packet, remote.port, remote.address);
            } catch {
              done(false); // socket closed by stop()
              return;
            }
            timer = setTimeout(transmit, timeoutMs);
          };
          const onMessage = (message: Buffer, from: RemoteInfo) => {
            if (from.address !== remote.address || from.port !== remote.port) {
              socket.send(
                errorPacket(TftpErrorCode.UNKNOWN_TID, 'Unknown transfer ID'),
                from.port,
                from.address,
              );
              return;
            }
            if (message.length < 4) return;
            const opcode = message.readUInt16BE(0);
            if (opcode === TftpOpcode.ERROR) {
              log.error = `Client error ${message.readUInt16BE(2)}: ${message.toString('latin1', 4).replace(/\0.*$/s, '')}`;
              done(false);
              return;
            }
            // Duplicate or stale ACKs are ignored, not answered (Sorcerer's Apprentice).
            if (opcode === TftpOpcode.ACK && message.readUInt16BE(2) === (block & 0xffff)) done(true);
          };
          socket.on('message', onMessage);
          socket.once('close', onClose);
          transmit();
        });

      if (Object.keys(accepted).length > 0 && !(await exchange(oackPacket(accepted), 0))) return;

      let block = 1;
      let offset = 0;
      for (;;) {
        const payload = await source.read(offset, blockSize);
        if (!(await exchange(dataPacket(block, payload), block))) return;
        offset += payload.length;
        log.bytes = offset;
        if (payload.length < blockSize) break;
        block += 1;
      }
      log.ok = true;
    } catch (error) {
      log.error = (error as Error).message;
    } finally {
      await source?.close();
      this.transfers.delete(socket);
      try {
        socket.close();
      } catch {
        // already closed by stop()
      }
      this.logger[log.ok ? 'debug' : 'warn']({ ...log }, 'TFTP transfer');
      this.onTransfer?.(log);
    }
  }
}
