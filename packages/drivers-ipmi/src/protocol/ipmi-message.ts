import { IpmiProtocolError } from '../errors.js';
import { BMC_SLAVE_ADDRESS, REMOTE_CONSOLE_ADDRESS } from './constants.js';

/** An IPMI request as carried on LAN (IPMI v2.0 §13.8). */
export interface IpmiRequest {
  /** Network function (even: request). */
  netFn: number;
  /** Command number. */
  command: number;
  /** Request data bytes. */
  data?: Uint8Array;
  /** Requester sequence number (6 bits) used to match the response. */
  rqSeq: number;
  /** Responder slave address (default: the BMC, 0x20). */
  rsAddr?: number;
  /** Responder LUN (default 0). */
  rsLun?: number;
}

/** A decoded IPMI response message. */
export interface IpmiResponse {
  /** Response network function (odd). */
  netFn: number;
  /** Command number echoed from the request. */
  command: number;
  /** Requester sequence number echoed from the request. */
  rqSeq: number;
  /** Completion code (0 = success). */
  completionCode: number;
  /** Response data after the completion code. */
  data: Buffer;
  /** Responder address. */
  rsAddr: number;
  /** Requester address. */
  rqAddr: number;
}

/** Two's-complement checksum: the byte that makes the covered bytes sum to 0 mod 256. */
export function checksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum = (sum + bytes[i]!) & 0xff;
  return (0x100 - sum) & 0xff;
}

/** Encode an IPMI LAN request: rsAddr, netFn/rsLUN, chk1, rqAddr, rqSeq/rqLUN, cmd, data, chk2. */
export function encodeIpmiRequest(request: IpmiRequest): Buffer {
  const data = request.data ?? new Uint8Array(0);
  const msg = Buffer.alloc(7 + data.length);
  msg[0] = request.rsAddr ?? BMC_SLAVE_ADDRESS;
  msg[1] = ((request.netFn & 0x3f) << 2) | ((request.rsLun ?? 0) & 0x03);
  msg[2] = checksum(msg, 0, 2);
  msg[3] = REMOTE_CONSOLE_ADDRESS;
  msg[4] = (request.rqSeq & 0x3f) << 2; // rqLUN 0
  msg[5] = request.command & 0xff;
  msg.set(data, 6);
  msg[6 + data.length] = checksum(msg, 3, 6 + data.length);
  return msg;
}

/** Decode an IPMI LAN response, verifying both checksums. */
export function decodeIpmiResponse(msg: Buffer): IpmiResponse {
  if (msg.length < 8) throw new IpmiProtocolError(`IPMI response too short (${msg.length} bytes)`);
  if (checksum(msg, 0, 2) !== msg[2]) throw new IpmiProtocolError('IPMI response header checksum mismatch');
  if (checksum(msg, 3, msg.length - 1) !== msg[msg.length - 1]) {
    throw new IpmiProtocolError('IPMI response data checksum mismatch');
  }
  return {
    rqAddr: msg[0]!,
    netFn: msg[1]! >> 2,
    rsAddr: msg[3]!,
    rqSeq: msg[4]! >> 2,
    command: msg[5]!,
    completionCode: msg[6]!,
    data: Buffer.from(msg.subarray(7, msg.length - 1)),
  };
}

/** A request as a BMC decodes it. */
export interface DecodedIpmiRequest {
  /** Request network function. */
  netFn: number;
  /** Command number. */
  command: number;
  /** Requester sequence number. */
  rqSeq: number;
  /** Requester address. */
  rqAddr: number;
  /** Responder address. */
  rsAddr: number;
  /** Request data. */
  data: Buffer;
}

/** Decode an IPMI LAN request (BMC side), verifying both checksums. */
export function decodeIpmiRequest(msg: Buffer): DecodedIpmiRequest {
  if (msg.length < 7) throw new IpmiProtocolError(`IPMI request too short (${msg.length} bytes)`);
  if (checksum(msg, 0, 2) !== msg[2]) throw new IpmiProtocolError('IPMI request header checksum mismatch');
  if (checksum(msg, 3, msg.length - 1) !== msg[msg.length - 1])
    throw new IpmiProtocolError('IPMI request data checksum mismatch');
  return {
    rsAddr: msg[0]!,
    netFn: msg[1]! >> 2,
    rqAddr: msg[3]!,
    rqSeq: msg[4]! >> 2,
    command: msg[5]!,
    data: Buffer.from(msg.subarray(6, msg.length - 1)),
  };
}

/** Encode the response to `request` (BMC side): rqAddr, netFn|1, chk1, rsAddr, rqSeq, cmd, completion code, data, chk2. */
export function encodeIpmiResponse(
  request: DecodedIpmiRequest,
  completionCode: number,
  data: Uint8Array = new Uint8Array(),
): Buffer {
  const msg = Buffer.alloc(8 + data.length);
  msg[0] = request.rqAddr;
  msg[1] = ((request.netFn | 1) & 0x3f) << 2;
  msg[2] = checksum(msg, 0, 2);
  msg[3] = request.rsAddr;
  msg[4] = (request.rqSeq & 0x3f) << 2;
  msg[5] = request.command;
  msg[6] = completionCode;
  msg.set(data, 7);
  msg[7 + data.length] = checksum(msg, 3, 7 + data.length);
  return msg;
}
