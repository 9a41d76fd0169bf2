import { describe, expect, it } from 'vitest';
import { IpmiCompletionCodeError } from '../errors.js';
import { toSensorsData } from '../management.js';
import type { CommandRunner } from './runner.js';
import { convertReading, decodeSensorRecord, readAllSensors } from './sensors.js';

/** A Full Sensor Record (IPMI v2.0 table 43-1): "CPU Temp", sensor 0x30, degrees C, y = 2x - 10. */
function fullRecord(): Buffer {
  const name = Buffer.from('CPU Temp', 'latin1');
  const r = Buffer.alloc(48 + name.length);
  r.writeUInt16LE(0x0001, 0);
  r[2] = 0x51;
  r[3] = 0x01;
  r[4] = r.length - 5;
  r[5] = 0x20; // owner
  r[7] = 0x30; // sensor number
  r[12] = 0x01; // temperature
  r[13] = 0x01; // threshold
  r[20] = 0x00; // unsigned analog
  r[21] = 1; // degrees C
  r[24] = 2; // M = 2
  r[26] = 0xfb; // B LS
  r[27] = 0xc0; // B MS bits -> B = -5 (10-bit two's complement)
  r[29] = 0x01; // R exp 0, B exp 1: offset B * 10^1 = -50
  r[47] = 0xc0 | name.length;
  name.copy(r, 48);
  return r;
}

function fakeBmc(record: Buffer, opts: { noRepository?: boolean } = {}): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async request(netFn, command, data = new Uint8Array()) {
      calls.push(`${netFn}:${command}`);
      if (netFn === 0x0a && command === 0x20) {
        if (opts.noRepository)
          throw new IpmiCompletionCodeError('fake', netFn, command, 0xc1, 'invalid command');
        return Buffer.from([0x51, 0x01, 0x00, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x02]);
      }
      if (netFn === 0x0a && command === 0x22) return Buffer.from([0x01, 0x00]);
      if (netFn === 0x0a && command === 0x23) {
        const offset = data[4]!;
        const length = data[5]!;
        return Buffer.concat([Buffer.from([0xff, 0xff]), record.subarray(offset, offset + length)]);
      }
      if (netFn === 0x04 && command === 0x2d) return Buffer.from([0x30, 0x40, 0x00]);
      throw new Error(`unexpected ${netFn}:${command}`);
    },
  };
}

describe('SDR and sensor reading', () => {
  it('decodes a full sensor record with signed 10-bit B', () => {
    const rec = decodeSensorRecord(fullRecord());
    expect(rec).toMatchObject({
      sensorNumber: 0x30,
      sensorType: 1,
      readingType: 1,
      unit: 1,
      name: 'CPU Temp',
    });
    expect(rec?.conversion).toEqual({ m: 2, b: -5, bExp: 1, rExp: 0, signed: 'unsigned' });
    expect(convertReading(0x30, rec!.conversion!)).toBe(2 * 0x30 - 50);
  });

  it('reads SDRs in chunks, then each sensor, and groups them like Ironic', async () => {
    const bmc = fakeBmc(fullRecord());
    const readings = await readAllSensors(bmc);
    expect(readings).toHaveLength(1);
    expect(readings[0]).toMatchObject({ raw: 0x30, value: 46, unitName: 'degrees C', available: true });
    expect(toSensorsData(readings)).toEqual({
      Temperature: {
        'CPU Temp (0x30)': expect.objectContaining({
          'Sensor Reading': '46 (+/- 0) degrees C',
          Status: 'ok',
        }),
      },
    });
    // header read + ceil(51/16) body chunks
    expect(bmc.calls.filter((c) => c === '10:35')).toHaveLength(
      1 + Math.ceil((fullRecord().length - 5) / 16),
    );
  });

  it('a BMC without an SDR repository has no sensors', async () => {
    expect(await readAllSensors(fakeBmc(fullRecord(), { noRepository: true }))).toEqual([]);
  });
});
