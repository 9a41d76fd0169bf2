/** TFTP opcodes (RFC 1350, RFC 2347). @public */
export const TftpOpcode = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

/** TFTP error codes (RFC 1350, RFC 2347). @public */
export const TftpErrorCode = {
  NOT_DEFINED: 0,
  FILE_NOT_FOUND: 1,
  ACCESS_VIOLATION: 2,
  DISK_FULL: 3,
  ILLEGAL_OPERATION: 4,
  UNKNOWN_TID: 5,
  FILE_EXISTS: 6,
  NO_SUCH_USER: 7,
  OPTION_REFUSED: 8,
} as const;

/** A parsed read or write request. @public */
export interface TftpRequest {
  opcode: typeof TftpOpcode.RRQ | typeof TftpOpcode.WRQ;
  filename: string;
  mode: string;
  /** Option names lower-cased (RFC 2347 says they are case-insensitive). */
  options: Record<string, string>;
}

/** Parse an RRQ/WRQ; `null` when malformed. @public */
export function parseRequest(packet: Buffer): TftpRequest | null {
  if (packet.length < 4) return null;
  const opcode = packet.readUInt16BE(0);
  if (opcode !== TftpOpcode.RRQ && opcode !== TftpOpcode.WRQ) return null;
  const fields: string[] = [];
  let start = 2;
  for (let i = 2; i < packet.length; i++) {
    if (packet[i] === 0) {
      fields.push(packet.toString('latin1', start, i));
      start = i + 1;
    }
  }
  if (start !== packet.length || fields.length < 2 || fields.length % 2 !== 0) return null;
  const [filename, mode, ...rest] = fields as [string, string, ...string[]];
  if (filename === '') return null;
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) options[rest[i]!.toLowerCase()] = rest[i + 1]!;
  return { opcode, filename, mode: mode.toLowerCase(), options };
}

/** A DATA packet. @public */
export function dataPacket(block: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(TftpOpcode.DATA, 0);
  header.writeUInt16BE(block & 0xffff, 2);
  return Buffer.concat([header, payload]);
}

/** An ERROR packet. @public */
export function errorPacket(code: number, message: string): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(TftpOpcode.ERROR, 0);
  header.writeUInt16BE(code, 2);
  return Buffer.concat([header, Buffer.from(message, 'latin1'), Buffer.alloc(1)]);
}

/** An OACK packet acknowledging `options`. @public */
export function oackPacket(options: Record<string, string>): Buffer {
  const parts = [Buffer.from([0, TftpOpcode.OACK])];
  for (const [key, value] of Object.entries(options)) {
    parts.push(Buffer.from(`${key}\0${value}\0`, 'latin1'));
  }
  return Buffer.concat(parts);
}

/** Convert to netascii: LF → CR LF, bare CR → CR NUL (RFC 764). @public */
export function toNetascii(data: Buffer): Buffer {
  const out: number[] = [];
  for (const byte of data) {
    if (byte === 0x0a) out.push(0x0d, 0x0a);
    else if (byte === 0x0d) out.push(0x0d, 0x00);
    else out.push(byte);
  }
  return Buffer.from(out);
}
