/**
 * A reader for subunit v2, the binary result stream tempest (stestr) writes with `--subunit`.
 *
 * Only what a test needs to judge a run is kept: each test's final status and the text attachments
 * (`reason` for skips, `traceback` for failures). Every packet's CRC-32 is checked, so a truncated
 * or corrupted stream is an error rather than a silently shorter result list.
 */
import { crc32 } from 'node:zlib';

/** The status of a test as subunit v2 names it. */
export type SubunitStatus = 'exists' | 'inprogress' | 'success' | 'uxsuccess' | 'skip' | 'fail' | 'xfail';

/** One test's outcome in a stream. */
export interface SubunitTest {
  id: string;
  /** The last status reported for the test (`inprogress` if it never finished). */
  status: SubunitStatus;
  /** Text attachments by file name (`reason`, `traceback`, `pythonlogging:''`…), concatenated. */
  attachments: Record<string, string>;
}

const SIGNATURE = 0xb3;
const FLAG_TEST_ID = 0x0800;
const FLAG_ROUTE_CODE = 0x0400;
const FLAG_TIMESTAMP = 0x0200;
const FLAG_TAGS = 0x0080;
const FLAG_FILE_CONTENT = 0x0040;
const FLAG_MIME_TYPE = 0x0020;
const STATUSES: readonly (SubunitStatus | undefined)[] = [
  undefined,
  'exists',
  'inprogress',
  'success',
  'uxsuccess',
  'skip',
  'fail',
  'xfail',
];

/** Error for a stream that is not valid subunit v2. */
export class SubunitParseError extends Error {
  readonly code = 'SUBUNIT_PARSE';
  constructor(message: string) {
    super(message);
    this.name = 'SubunitParseError';
  }
}

function varint(buf: Buffer, pos: number): [value: number, size: number] {
  const first = buf[pos];
  if (first === undefined) throw new SubunitParseError(`varint past end of packet at ${pos}`);
  const size = (first >> 6) + 1;
  let value = first & 0x3f;
  for (let i = 1; i < size; i++) value = (value << 8) | (buf[pos + i] ?? 0);
  return [value, size];
}

function utf8(buf: Buffer, pos: number): [value: string, next: number] {
  const [length, size] = varint(buf, pos);
  const start = pos + size;
  if (start + length > buf.length) throw new SubunitParseError(`string past end of packet at ${pos}`);
  return [buf.toString('utf8', start, start + length), start + length];
}

/** Parses a whole subunit v2 stream into per-test outcomes, in order of first appearance. */
export function parseSubunit(stream: Buffer): SubunitTest[] {
  const tests = new Map<string, SubunitTest>();
  let offset = 0;
  while (offset < stream.length) {
    if (stream[offset] !== SIGNATURE) {
      throw new SubunitParseError(`no packet signature at byte ${offset}`);
    }
    const flags = stream.readUInt16BE(offset + 1);
    if (flags >> 12 !== 0x2) throw new SubunitParseError(`not a subunit v2 packet at byte ${offset}`);
    const [length, lengthSize] = varint(stream, offset + 3);
    const packet = stream.subarray(offset, offset + length);
    if (packet.length !== length || length < 8)
      throw new SubunitParseError(`truncated packet at byte ${offset}`);
    if (crc32(packet.subarray(0, length - 4)) !== packet.readUInt32BE(length - 4)) {
      throw new SubunitParseError(`bad CRC-32 in packet at byte ${offset}`);
    }
    const body = packet.subarray(0, length - 4);
    let pos = 3 + lengthSize;
    if (flags & FLAG_TIMESTAMP) pos += 4 + varint(body, pos + 4)[1];
    let id: string | undefined;
    if (flags & FLAG_TEST_ID) [id, pos] = utf8(body, pos);
    if (flags & FLAG_TAGS) {
      const [count, size] = varint(body, pos);
      pos += size;
      for (let i = 0; i < count; i++) pos = utf8(body, pos)[1];
    }
    if (flags & FLAG_MIME_TYPE) pos = utf8(body, pos)[1];
    let fileName: string | undefined;
    let fileText = '';
    if (flags & FLAG_FILE_CONTENT) {
      [fileName, pos] = utf8(body, pos);
      const [contentLength, size] = varint(body, pos);
      fileText = body.toString('utf8', pos + size, pos + size + contentLength);
      pos += size + contentLength;
    }
    if (flags & FLAG_ROUTE_CODE) pos = utf8(body, pos)[1];
    offset += length;

    if (id === undefined) continue;
    let test = tests.get(id);
    if (!test) {
      test = { id, status: 'exists', attachments: {} };
      tests.set(id, test);
    }
    const status = STATUSES[flags & 0x7];
    if (status) test.status = status;
    if (fileName !== undefined) test.attachments[fileName] = (test.attachments[fileName] ?? '') + fileText;
  }
  return [...tests.values()];
}
