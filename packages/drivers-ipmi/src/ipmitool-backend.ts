import { execFile } from 'node:child_process';
import type { IpmiBackend } from './backend.js';
import { getDeviceId } from './commands/app.js';
import { type BootFlags, type BootFlagsReading, decodeBootFlags } from './commands/boot.js';
import { ChassisControl, type ChassisControlOperation } from './commands/chassis.js';
import type { SensorReading } from './commands/sensors.js';
import type { IpmiDriverInfo } from './driver-info.js';
import { IpmiTimeoutError, IpmitoolCommandError } from './errors.js';
import { NativeIpmiBackend, sharedIpmiClient, targetOf } from './native-backend.js';

const POWER_ACTION: Record<ChassisControlOperation, string> = {
  [ChassisControl.powerDown]: 'off',
  [ChassisControl.powerUp]: 'on',
  [ChassisControl.powerCycle]: 'cycle',
  [ChassisControl.hardReset]: 'reset',
  [ChassisControl.diagnosticInterrupt]: 'diag',
  [ChassisControl.softOff]: 'soft',
};

const BOOTDEV: Record<BootFlags['device'], string | undefined> = {
  none: 'none',
  pxe: 'pxe',
  disk: 'disk',
  safe: 'safe',
  diagnostic: 'diag',
  cdrom: 'cdrom',
  bios: 'bios',
  floppy: 'floppy',
  remoteFloppy: undefined,
  remoteCdrom: undefined,
  remoteMedia: undefined,
  remoteDisk: undefined,
};

/**
 * Opt-in backend that runs the real `ipmitool -I lanplus` for each operation
 * (Ironic's way), for BMCs whose quirks ipmitool already knows. The password
 * travels in the child's environment (`-E`), never on the command line.
 * Sensors are read with the native client (the CLI's sensor output is not a
 * stable interface).
 * @public
 */
export class IpmitoolBackend implements IpmiBackend {
  /** @param binary path of the ipmitool executable. */
  constructor(private readonly binary = 'ipmitool') {}

  async isPoweredOn(info: IpmiDriverInfo): Promise<boolean> {
    const out = await this.exec(info, ['power', 'status']);
    if (/Chassis Power is on/i.test(out)) return true;
    if (/Chassis Power is off/i.test(out)) return false;
    throw new IpmitoolCommandError(
      `Unexpected 'ipmitool power status' output from ${info.address}:${info.port}: ${out.trim()}`,
    );
  }

  async chassisControl(info: IpmiDriverInfo, operation: ChassisControlOperation): Promise<void> {
    await this.exec(info, ['power', POWER_ACTION[operation]]);
  }

  async setBootFlags(info: IpmiDriverInfo, flags: BootFlags): Promise<void> {
    const dev = BOOTDEV[flags.device];
    if (!dev) throw new IpmitoolCommandError(`ipmitool cannot set boot device ${flags.device}`);
    if (info.disableBootTimeout) {
      // Ironic sends the same raw command; a BMC without parameter 3 may refuse it harmlessly.
      await this.exec(info, ['raw', '0x00', '0x08', '0x03', '0x08']).catch((err: unknown) => {
        if (!(err instanceof IpmitoolCommandError)) throw err;
      });
    }
    const options = [flags.persistent ? 'persistent' : '', flags.efi ? 'efiboot' : ''].filter(Boolean);
    await this.exec(info, [
      'chassis',
      'bootdev',
      dev,
      ...(options.length ? [`options=${options.join(',')}`] : []),
    ]);
  }

  async getBootFlags(info: IpmiDriverInfo): Promise<BootFlagsReading> {
    const out = await this.exec(info, ['raw', '0x00', '0x09', '0x05', '0x00', '0x00']);
    const bytes = out
      .trim()
      .split(/\s+/)
      .map((h) => Number.parseInt(h, 16));
    if (bytes.some((b) => Number.isNaN(b)))
      throw new IpmitoolCommandError(`Unexpected 'ipmitool raw' output: ${out.trim()}`);
    return decodeBootFlags(Buffer.from(bytes));
  }

  readSensors(info: IpmiDriverInfo): Promise<SensorReading[]> {
    return new NativeIpmiBackend().readSensors(info);
  }

  /**
   * Run ipmitool. It reports "Unable to establish IPMI v2 / RMCP+ session" for
   * a wrong password and for a silent BMC alike, and exits 0 after some failed
   * commands ("... failed: Unspecified error"); both are turned into precise
   * typed errors here (the former by asking the BMC natively what went wrong).
   */
  private async exec(info: IpmiDriverInfo, command: string[]): Promise<string> {
    const target = `${info.address}:${info.port}`;
    const { code, stdout, stderr } = await this.spawn(info, command);
    const text = stderr.trim();
    if (code === 0 && !/\bfailed\b/i.test(text)) return stdout;
    if (/Unable to establish IPMI v2|RAKP|Activate Session/i.test(text)) {
      // Let the native client tell auth failure from unreachable from unsupported cipher. ipmitool has just
      // spent its own retries, so one native attempt is enough: a BMC that answers does so at once.
      await sharedIpmiClient(info.requestTimeoutMs, 0)
        .withSession(targetOf(info), (s) => getDeviceId(s))
        .catch((err: unknown) => {
          if (!(err instanceof IpmiTimeoutError)) throw err;
          throw new IpmiTimeoutError(
            target,
            `ipmitool ${command.join(' ')} (${info.retries + 1} ipmitool attempts per probe, then 1 native attempt)`,
            1,
            info.requestTimeoutMs,
          );
        });
    }
    if (code === 'timeout') {
      throw new IpmiTimeoutError(
        target,
        `ipmitool ${command.join(' ')}`,
        info.retries + 1,
        info.requestTimeoutMs,
      );
    }
    throw new IpmitoolCommandError(
      `ipmitool ${command.join(' ')} against ${target} failed: ${text || `exit code ${code}`}`,
      {
        details: { target, exitCode: code },
      },
    );
  }

  private spawn(
    info: IpmiDriverInfo,
    command: string[],
  ): Promise<{ code: number | 'timeout'; stdout: string; stderr: string }> {
    const args = [
      '-I',
      'lanplus',
      '-H',
      info.address,
      '-p',
      String(info.port),
      '-L',
      info.privLevel,
      // Without -C ipmitool probes suites and can wait ~10 s on BMCs without cipher suite discovery.
      '-C',
      String(info.cipherSuite ?? 3),
      '-N',
      String(Math.max(1, Math.ceil(info.requestTimeoutMs / 1000))),
      '-R',
      String(info.retries + 1),
      ...(info.username ? ['-U', info.username] : []),
      '-E',
      ...command,
    ];
    const budgetMs = (Math.max(1000, info.requestTimeoutMs) * 4 + 2000) * (info.retries + 2);
    return new Promise((resolve) => {
      execFile(
        this.binary,
        args,
        { env: { ...process.env, IPMI_PASSWORD: info.password }, timeout: budgetMs, killSignal: 'SIGKILL' },
        (err, stdout, stderr) => {
          const killed = !!err && (err as { killed?: boolean }).killed === true;
          const code = !err
            ? 0
            : killed
              ? 'timeout'
              : typeof (err as { code?: unknown }).code === 'number'
                ? (err as { code: number }).code
                : 1;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  }
}
