import { IpmiCompletionCodeError, IpmiProtocolError } from '../errors.js';
import { Command, NetFn } from '../protocol/constants.js';
import type { CommandRunner } from './runner.js';

/** A sensor described by a Full (type 1) or Compact (type 2) SDR. */
export interface SensorRecord {
  /** SDR record ID. */
  recordId: number;
  /** 1 = full, 2 = compact. */
  recordType: number;
  /** Sensor number (Get Sensor Reading argument). */
  sensorNumber: number;
  /** Owner LUN. */
  lun: number;
  /** Sensor type code (0x01 temperature, 0x02 voltage, 0x04 fan, ...). */
  sensorType: number;
  /** Event/reading type code (0x01 = threshold). */
  readingType: number;
  /** ID string. */
  name: string;
  /** Base unit code (IPMI table 43-15). */
  unit: number;
  /** Linear conversion factors y = (M·x + B·10^Bexp)·10^Rexp (full records only). */
  conversion?: { m: number; b: number; bExp: number; rExp: number; signed: 'unsigned' | 'ones' | 'twos' };
}

/** One sensor's current reading. */
export interface SensorReading {
  /** The sensor. */
  record: SensorRecord;
  /** Raw reading byte. */
  raw: number;
  /** Converted value for threshold sensors with linear full records. */
  value?: number;
  /** Unit name ("degrees C", "Volts", ...). */
  unitName: string;
  /** False when the BMC says the reading is unavailable or scanning is disabled. */
  available: boolean;
  /** Threshold/discrete state bits (byte 3 and, if present, 4). */
  state: number;
}

/** Sensor type names (IPMI v2.0 table 42-3), for grouping like Ironic does. */
export const SENSOR_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Temperature',
  2: 'Voltage',
  3: 'Current',
  4: 'Fan',
  5: 'Physical Security',
  7: 'Processor',
  8: 'Power Supply',
  9: 'Power Unit',
  12: 'Memory',
  13: 'Drive Slot',
  15: 'System Firmware Progress',
  16: 'Event Logging Disabled',
  18: 'System Event',
  20: 'Button',
  35: 'Watchdog 2',
};

const UNIT_NAMES: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'degrees C',
  2: 'degrees F',
  3: 'degrees K',
  4: 'Volts',
  5: 'Amps',
  6: 'Watts',
  7: 'Joules',
  18: 'RPM',
  19: 'Hz',
  20: 'percent',
};

/** Unit name for a base unit code. */
export function unitName(code: number): string {
  return UNIT_NAMES[code] ?? `unit ${code}`;
}

function signExtend(value: number, bits: number): number {
  const sign = 1 << (bits - 1);
  return (value & (sign - 1)) - (value & sign);
}

function idString(record: Buffer, offset: number): string {
  const tl = record[offset];
  if (tl === undefined) return '';
  const length = tl & 0x1f;
  // 8-bit ASCII+Latin1 (type 3) is the common case; other encodings are shown as Latin1 too.
  return record
    .subarray(offset + 1, offset + 1 + length)
    .toString('latin1')
    .replace(/\0+$/, '');
}

/** Decode a Full or Compact sensor SDR (null for other record types). */
export function decodeSensorRecord(record: Buffer): SensorRecord | null {
  if (record.length < 5) throw new IpmiProtocolError('SDR shorter than its header');
  const type = record[3]!;
  if (type !== 0x01 && type !== 0x02) return null;
  if (record.length < (type === 0x01 ? 48 : 32)) throw new IpmiProtocolError(`truncated SDR type ${type}`);
  const base: SensorRecord = {
    recordId: record.readUInt16LE(0),
    recordType: type,
    sensorNumber: record[7]!,
    lun: record[6]! & 0x03,
    sensorType: record[12]!,
    readingType: record[13]!,
    unit: record[21]!,
    name: idString(record, type === 0x01 ? 47 : 31),
  };
  if (type === 0x01 && record[20]! >> 6 !== 3 && record[23]! === 0) {
    base.conversion = {
      m: signExtend(record[24]! | ((record[25]! & 0xc0) << 2), 10),
      b: signExtend(record[26]! | ((record[27]! & 0xc0) << 2), 10),
      rExp: signExtend(record[29]! >> 4, 4),
      bExp: signExtend(record[29]! & 0x0f, 4),
      signed: (['unsigned', 'ones', 'twos'] as const)[record[20]! >> 6]!,
    };
  }
  return base;
}

/** Convert a raw reading with a full record's linear factors. */
export function convertReading(raw: number, c: NonNullable<SensorRecord['conversion']>): number {
  const x =
    c.signed === 'twos'
      ? signExtend(raw, 8)
      : c.signed === 'ones'
        ? raw & 0x80
          ? -(~raw & 0x7f)
          : raw
        : raw;
  const value = (c.m * x + c.b * 10 ** c.bExp) * 10 ** c.rExp;
  return Math.round(value * 1e6) / 1e6;
}

/** Read every sensor SDR from the SDR repository (empty when the BMC has none). */
export async function readSensorRecords(runner: CommandRunner): Promise<SensorRecord[]> {
  let info: Buffer;
  try {
    info = await runner.request(NetFn.storage, Command.getSdrRepositoryInfo);
  } catch (err) {
    if (err instanceof IpmiCompletionCodeError) return []; // no SDR repository on this BMC
    throw err;
  }
  const count = info.length >= 3 ? info.readUInt16LE(1) : 0;
  if (count === 0) return [];
  let reservation = 0;
  try {
    reservation = (await runner.request(NetFn.storage, Command.reserveSdrRepository)).readUInt16LE(0);
  } catch (err) {
    if (!(err instanceof IpmiCompletionCodeError)) throw err; // reservation is optional for full reads
  }
  const records: SensorRecord[] = [];
  let id = 0x0000;
  for (let n = 0; n < count + 1 && id !== 0xffff; n++) {
    const header = await getSdrChunk(runner, reservation, id, 0, 5);
    const next = header.readUInt16LE(0);
    const length = header[2 + 4]!;
    const parts = [header.subarray(2)];
    // Read the body in 16-byte chunks: many BMCs refuse "read whole record" (0xFF) with 0xCA.
    for (let offset = 5; offset < 5 + length; offset += 16) {
      const chunk = await getSdrChunk(runner, reservation, id, offset, Math.min(16, 5 + length - offset));
      parts.push(chunk.subarray(2));
    }
    const rec = decodeSensorRecord(Buffer.concat(parts));
    if (rec) records.push(rec);
    id = next;
  }
  return records;
}

function getSdrChunk(
  runner: CommandRunner,
  reservation: number,
  id: number,
  offset: number,
  length: number,
): Promise<Buffer> {
  const req = Buffer.alloc(6);
  req.writeUInt16LE(reservation, 0);
  req.writeUInt16LE(id, 2);
  req[4] = offset;
  req[5] = length;
  return runner.request(NetFn.storage, Command.getSdr, req);
}

/** Get Sensor Reading for one record. */
export async function readSensor(runner: CommandRunner, record: SensorRecord): Promise<SensorReading> {
  const d = await runner.request(
    NetFn.sensorEvent,
    Command.getSensorReading,
    Buffer.from([record.sensorNumber]),
  );
  if (d.length < 2) throw new IpmiProtocolError('Get Sensor Reading response too short');
  const raw = d[0]!;
  const available = (d[1]! & 0x20) === 0 && (d[1]! & 0x40) !== 0;
  const reading: SensorReading = {
    record,
    raw,
    unitName: unitName(record.unit),
    available,
    state: (d[2] ?? 0) | ((d[3] ?? 0) << 8),
  };
  if (available && record.readingType === 0x01 && record.conversion)
    reading.value = convertReading(raw, record.conversion);
  return reading;
}

/** Read all sensors: SDRs, then one Get Sensor Reading each (unreadable sensors are reported unavailable). */
export async function readAllSensors(runner: CommandRunner): Promise<SensorReading[]> {
  const out: SensorReading[] = [];
  for (const record of await readSensorRecords(runner)) {
    try {
      out.push(await readSensor(runner, record));
    } catch (err) {
      if (!(err instanceof IpmiCompletionCodeError)) throw err;
      out.push({ record, raw: 0, unitName: unitName(record.unit), available: false, state: 0 });
    }
  }
  return out;
}
