// Test harness: a fleet of OpenIPMI `ipmi_sim` BMCs on 127.0.0.1, each with its own
// state directory and a chassis_control program that keeps the simulated host's
// power and boot device in files. Used by integration tests and the benchmark.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHASSIS_CONTROL_SCRIPT } from './chassis-control.js';

/** ipmi_sim command file: one BMC at IPMB 0x20 with a SEL and one sensor, no SDRs (a realistic minimum). */
const EMU = `mc_setbmc 0x20
mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02
sel_enable 0x20 1000 0x0a
sensor_add 0x20 0 1 0x01 0x01
sensor_set_value 0x20 0 1 0x30 0
mc_enable 0x20
`;

/** Whether the Debian tools are installed (tests skip cleanly otherwise). */
export function haveIpmiSim(): boolean {
  return existsSync('/usr/bin/ipmi_sim') && existsSync('/usr/bin/ipmitool');
}

/** Whether `socat` is installed (needed for the simulated serial port behind SOL). */
export function haveSocat(): boolean {
  return existsSync('/usr/bin/socat');
}

/** Options of {@link SimFleet.start}. */
export interface SimFleetOptions {
  /**
   * Give every BMC a serial port for Serial-over-LAN: a socat pty pair, one end
   * opened by ipmi_sim, the other (`SimBmc.serialPath`) standing for the host.
   */
  sol?: boolean;
}

/** Credentials every simulated BMC accepts (user 2, ADMINISTRATOR). */
export const SIM_USER = 'admin';
/** Password of {@link SIM_USER}. */
export const SIM_PASSWORD = 'password';

/** One running simulated BMC. */
export class SimBmc {
  /** The socat process holding the serial pty pair, when started with `sol`. */
  serialProcess: ChildProcess | undefined;
  constructor(
    readonly port: number,
    readonly dir: string,
    readonly process: ChildProcess,
  ) {}
  /** The host end of the serial port (write = host output to the console, read = console input). */
  get serialPath(): string {
    return join(this.dir, 'serial-host');
  }
  /** The chassis state directory. */
  get chassisDir(): string {
    return join(this.dir, 'chassis');
  }
  /** Simulated host power as stored by chassis_control. */
  power(): 'on' | 'off' {
    return readFileSync(join(this.chassisDir, 'power'), 'utf8').trim() === '1' ? 'on' : 'off';
  }
  /** Change the host's power behind the driver's back. */
  setPower(state: 'on' | 'off'): void {
    writeFileSync(join(this.chassisDir, 'power'), state === 'on' ? '1\n' : '0\n');
  }
  /** Boot device as stored by chassis_control (none|pxe|default|cdrom|bios). */
  boot(): string {
    return readFileSync(join(this.chassisDir, 'boot'), 'utf8').trim();
  }
  /** Every chassis "set" the BMC performed, oldest first ("power 1", "reset 1", ...). */
  events(): string[] {
    const f = join(this.chassisDir, 'events.log');
    return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
  }
  /** Run the real ipmitool against this BMC (lanplus, suite 3); the password goes through the environment. */
  ipmitool(...args: string[]): Promise<string> {
    return runIpmitool(this.port, args);
  }
}

/** Who `runIpmitool` logs in as (defaults: the simulated BMCs' admin user at ADMINISTRATOR). */
export interface IpmitoolLogin {
  /** User name. */
  user?: string;
  /** `-L` privilege level name (CALLBACK, USER, OPERATOR, ADMINISTRATOR). */
  privilege?: string;
}

/** Run `ipmitool -I lanplus -C 3` against 127.0.0.1:port and return stdout. */
export function runIpmitool(
  port: number,
  args: string[],
  password = SIM_PASSWORD,
  login: IpmitoolLogin = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'ipmitool',
      [
        '-I',
        'lanplus',
        '-C',
        '3',
        '-H',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        login.user ?? SIM_USER,
        ...(login.privilege ? ['-L', login.privilege] : []),
        '-E',
        '-N',
        '1',
        '-R',
        '3',
        ...args,
      ],
      { env: { ...process.env, IPMI_PASSWORD: password }, timeout: 20_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`ipmitool ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout),
    );
  });
}

/** A set of simulated BMCs; `stop()` kills exactly the processes it started and removes its files. */
export class SimFleet {
  private constructor(
    readonly root: string,
    readonly bmcs: SimBmc[],
  ) {}

  /** Start `n` ipmi_sim instances on free UDP ports of 127.0.0.1 and wait until each answers. */
  static async start(n: number, options: SimFleetOptions = {}): Promise<SimFleet> {
    const root = mkdtempSync(join(tmpdir(), 'ferric-ipmi-sim-'));
    writeFileSync(join(root, 'bmc.emu'), EMU);
    writeFileSync(join(root, 'chassis-control.sh'), CHASSIS_CONTROL_SCRIPT);
    chmodSync(join(root, 'chassis-control.sh'), 0o755);
    const fleet = new SimFleet(root, []);
    live.add(fleet);
    try {
      const ports = await freeUdpPorts(n);
      for (const port of ports) fleet.bmcs.push(await startOne(root, port, options));
      await Promise.all(fleet.bmcs.map((b) => waitUntilAnswering(b)));
      return fleet;
    } catch (err) {
      await fleet.stop();
      throw err;
    }
  }

  /** Stop every instance (SIGTERM, then SIGKILL) and delete the state. Idempotent. */
  async stop(): Promise<void> {
    live.delete(this);
    await Promise.all(this.bmcs.map((b) => killProcess(b.process)));
    await Promise.all(this.bmcs.map((b) => (b.serialProcess ? killProcess(b.serialProcess) : undefined)));
    rmSync(this.root, { recursive: true, force: true });
  }
}

const live = new Set<SimFleet>();
process.once('exit', () => {
  for (const f of live) {
    for (const b of f.bmcs) {
      b.process.kill('SIGKILL');
      b.serialProcess?.kill('SIGKILL');
    }
  }
});

async function startOne(root: string, port: number, options: SimFleetOptions): Promise<SimBmc> {
  const dir = join(root, `bmc-${port}`);
  mkdirSync(join(dir, 'state'), { recursive: true });
  mkdirSync(join(dir, 'chassis'), { recursive: true });
  writeFileSync(join(dir, 'chassis', 'power'), '0\n');
  writeFileSync(join(dir, 'chassis', 'boot'), 'default\n');
  const guid = `a1234567${port.toString(16).padStart(8, '0')}89abcdef01234567`;
  writeFileSync(
    join(dir, 'lan.conf'),
    `name "bmc${port}"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 ${port}
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid ${guid}
  endlan
  chassis_control "${join(root, 'chassis-control.sh')} ${join(dir, 'chassis')}"
  user 1 false ""       "unused"  user  10 none md2 md5 straight
  user 2 true  "${SIM_USER}" "${SIM_PASSWORD}"  admin 10 none md2 md5 straight
  user 3 true  "operator" "oppass"  operator 10 none md2 md5 straight
${options.sol ? `  sol "${join(dir, 'serial-bmc')}" 115200\n` : ''}`,
  );
  let serial: ChildProcess | undefined;
  if (options.sol) {
    serial = spawn(
      'socat',
      [`pty,raw,echo=0,link=${join(dir, 'serial-bmc')}`, `pty,raw,echo=0,link=${join(dir, 'serial-host')}`],
      {
        stdio: 'ignore',
      },
    );
    serial.on('error', () => {});
    for (
      let i = 0;
      i < 100 && !(existsSync(join(dir, 'serial-bmc')) && existsSync(join(dir, 'serial-host')));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const child = spawn(
    'ipmi_sim',
    ['-c', join(dir, 'lan.conf'), '-f', join(root, 'bmc.emu'), '-s', join(dir, 'state'), '-n'],
    {
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  child.on('error', () => {});
  const bmc = new SimBmc(port, dir, child);
  bmc.serialProcess = serial;
  return bmc;
}

/** SIGTERM a child, SIGKILL after 2 s; resolves once it exited. */
export function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Ask the OS for `n` distinct free UDP ports (bind to 0, read, release). */
export async function freeUdpPorts(n: number): Promise<number[]> {
  const sockets = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createSocket>>((resolve) => {
          const s = createSocket('udp4');
          s.bind(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = sockets.map((s) => s.address().port);
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** Poll with a pre-session Get Channel Authentication Capabilities until the BMC answers (≤ 10 s). */
async function waitUntilAnswering(bmc: SimBmc): Promise<void> {
  // RMCP | v1.5 session header (authtype none) | 20 18 c8 81 00 38 8e 04 b5
  const probe = Buffer.from('0600ff07000000000000000000092018c88100388e04b5', 'hex');
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      let tries = 0;
      const timer = setInterval(() => {
        if (bmc.process.exitCode !== null || ++tries > 100) {
          clearInterval(timer);
          reject(new Error(`ipmi_sim on port ${bmc.port} did not come up`));
          return;
        }
        socket.send(probe, bmc.port, '127.0.0.1');
      }, 100);
      socket.on('message', () => {
        clearInterval(timer);
        resolve();
      });
      socket.send(probe, bmc.port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}
