import { IpmiProtocolError } from '../errors.js';
import { Command, NetFn } from '../protocol/constants.js';
import type { CommandRunner } from './runner.js';

/** Chassis Control operations (IPMI v2.0 table 28-4). */
export const ChassisControl = {
  /** Power down (hard off). */
  powerDown: 0x00,
  /** Power up. */
  powerUp: 0x01,
  /** Power cycle (off, interval, on). */
  powerCycle: 0x02,
  /** Hard reset (warm reset pulse). */
  hardReset: 0x03,
  /** Pulse diagnostic interrupt (NMI). */
  diagnosticInterrupt: 0x04,
  /** Initiate soft shutdown via ACPI overtemperature emulation. */
  softOff: 0x05,
} as const;

/** One of {@link ChassisControl}'s values. */
export type ChassisControlOperation = (typeof ChassisControl)[keyof typeof ChassisControl];

/** Get Chassis Status (IPMI v2.0 §28.2). Fields a BMC does not report are false. */
export interface ChassisStatus {
  /** System power is on. */
  powerOn: boolean;
  /** Power overload. */
  powerOverload: boolean;
  /** Power interlock active. */
  interlock: boolean;
  /** Power fault. */
  powerFault: boolean;
  /** Power control fault. */
  powerControlFault: boolean;
  /** Power restore policy: 'always-off' | 'previous' | 'always-on' | 'unknown'. */
  restorePolicy: 'always-off' | 'previous' | 'always-on' | 'unknown';
  /** Last power event bits. */
  lastPowerEvent: number;
  /** Chassis intrusion active. */
  intrusion: boolean;
  /** Identify state: 'off' | 'timed' | 'indefinite' | 'unsupported'. */
  identify: 'off' | 'timed' | 'indefinite' | 'unsupported';
}

/** Decode Get Chassis Status response data. */
export function decodeChassisStatus(d: Buffer): ChassisStatus {
  if (d.length < 1) throw new IpmiProtocolError('Get Chassis Status response is empty');
  const p = d[0]!;
  const misc = d[2] ?? 0;
  const policy = (p >> 5) & 0x03;
  return {
    powerOn: (p & 0x01) !== 0,
    powerOverload: (p & 0x02) !== 0,
    interlock: (p & 0x04) !== 0,
    powerFault: (p & 0x08) !== 0,
    powerControlFault: (p & 0x10) !== 0,
    restorePolicy: (['always-off', 'previous', 'always-on', 'unknown'] as const)[policy]!,
    lastPowerEvent: d[1] ?? 0,
    intrusion: (misc & 0x01) !== 0,
    identify:
      (misc & 0x40) === 0
        ? 'unsupported'
        : (['off', 'timed', 'indefinite', 'unsupported'] as const)[(misc >> 4) & 0x03]!,
  };
}

/** Get Chassis Status. */
export async function getChassisStatus(runner: CommandRunner): Promise<ChassisStatus> {
  return decodeChassisStatus(await runner.request(NetFn.chassis, Command.getChassisStatus));
}

/** Chassis Control. */
export async function chassisControl(
  runner: CommandRunner,
  operation: ChassisControlOperation,
): Promise<void> {
  await runner.request(NetFn.chassis, Command.chassisControl, Buffer.from([operation]));
}

/**
 * Chassis Identify: light the identify LED for `intervalSeconds` (0 = off),
 * or indefinitely with `force` (the optional byte 2, IPMI 2.0).
 */
export async function chassisIdentify(
  runner: CommandRunner,
  intervalSeconds: number,
  force = false,
): Promise<void> {
  const interval = Math.max(0, Math.min(255, Math.round(intervalSeconds)));
  await runner.request(
    NetFn.chassis,
    Command.chassisIdentify,
    Buffer.from(force ? [interval, 0x01] : [interval]),
  );
}
