// Test harness: a fleet of pyghmi BMCs (pyghmi.ipmi.bmc.Bmc, VirtualBMC's base),
// the second independent RMCP+ server next to ipmi_sim. Each BMC is one
// /usr/bin/python3 process running pyghmi_bmc.py with its own state directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeUdpPorts, type IpmitoolLogin, killProcess, runIpmitool } from './ipmi-sim.js';

const SCRIPT = fileURLToPath(new URL('./pyghmi_bmc.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

/** Whether Debian's python3-pyghmi and ipmitool are installed (tests skip cleanly otherwise). */
export function havePyghmi(): boolean {
  return (
    existsSync(PYTHON) &&
    existsSync('/usr/bin/ipmitool') &&
    existsSync('/usr/lib/python3/dist-packages/pyghmi/ipmi/bmc.py')
  );
}

/** Users every pyghmi BMC of the fleet accepts (pyghmi grants any privilege up to ADMINISTRATOR). */
export const PYGHMI_USERS: Readonly<Record<string, string>> = { admin: 'password', operator: 'oppass' };

/** One running pyghmi BMC. */
export class PyghmiBmc {
  private child: ChildProcess | undefined;
  private stderrText = '';

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** Start (or restart) the BMC process and wait until it is bound. */
  async start(): Promise<void> {
    this.stderrText = '';
    const args = [
      SCRIPT,
      String(this.port),
      this.dir,
      ...Object.entries(PYGHMI_USERS).map(([u, p]) => `${u}:${p}`),
    ];
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.on('error', () => {});
    child.stderr?.on('data', (d: Buffer) => {
      this.stderrText += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`pyghmi BMC on ${this.port} did not start`)), 10_000);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`pyghmi BMC on ${this.port} exited: ${this.stderrText}`));
      });
    });
  }

  /** Stop the process (the state directory stays, so {@link start} is a BMC restart). */
  async stop(): Promise<void> {
    if (this.child) await killProcess(this.child);
  }

  /** True while the BMC process runs (pyghmi exits when an exception escapes its event loop). */
  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote on stderr (a Python traceback when it crashed). */
  get stderr(): string {
    return this.stderrText;
  }

  /** The process, for tests that kill it. */
  get process(): ChildProcess | undefined {
    return this.child;
  }

  /** Simulated host power. */
  power(): 'on' | 'off' {
    return readFileSync(join(this.dir, 'power'), 'utf8').trim() === '1' ? 'on' : 'off';
  }

  /** Change the host's power behind the driver's back. */
  setPower(state: 'on' | 'off'): void {
    writeFileSync(join(this.dir, 'power'), state === 'on' ? '1\n' : '0\n');
  }

  /** Boot device as pyghmi decoded it (network, hd, optical, setup, default...). */
  boot(): string {
    return readFileSync(join(this.dir, 'boot'), 'utf8').trim();
  }

  /** Every chassis action the BMC performed, oldest first. */
  events(): string[] {
    const f = join(this.dir, 'events.log');
    return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
  }

  /** Run the real ipmitool against this BMC as admin (lanplus, suite 3). */
  ipmitool(...args: string[]): Promise<string> {
    return runIpmitool(this.port, args, PYGHMI_USERS.admin);
  }

  /** Run the real ipmitool with another login. */
  ipmitoolAs(login: IpmitoolLogin, password: string, ...args: string[]): Promise<string> {
    return runIpmitool(this.port, args, password, login);
  }
}

/** A set of pyghmi BMCs; `stop()` kills exactly the processes it started and removes its files. */
export class PyghmiFleet {
  private constructor(
    readonly root: string,
    readonly bmcs: PyghmiBmc[],
  ) {}

  /** Start `n` BMCs on free UDP ports of 127.0.0.1. */
  static async start(n: number): Promise<PyghmiFleet> {
    const root = mkdtempSync(join(tmpdir(), 'ferric-pyghmi-'));
    const fleet = new PyghmiFleet(root, []);
    live.add(fleet);
    try {
      for (const port of await freeUdpPorts(n)) {
        const dir = join(root, `bmc-${port}`);
        mkdirSync(dir, { recursive: true });
        fleet.bmcs.push(new PyghmiBmc(port, dir));
      }
      await Promise.all(fleet.bmcs.map((b) => b.start()));
      return fleet;
    } catch (err) {
      await fleet.stop();
      throw err;
    }
  }

  /** Stop every BMC and delete the state. Idempotent. */
  async stop(): Promise<void> {
    live.delete(this);
    await Promise.all(this.bmcs.map((b) => b.stop()));
    rmSync(this.root, { recursive: true, force: true });
  }
}

const live = new Set<PyghmiFleet>();
process.once('exit', () => {
  for (const f of live) for (const b of f.bmcs) b.process?.kill('SIGKILL');
});
