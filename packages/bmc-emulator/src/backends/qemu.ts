import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  BootDevice,
  BootRequest,
  MachineBackend,
  MachineContext,
  MachinePowerState,
  MediaImage,
  MediaSlot,
} from './machine.js';
import { QmpClient } from './qmp.js';

/** Options of {@link QemuMachine}. */
export interface QemuMachineOptions {
  /** The QEMU binary. Default `qemu-system-x86_64`. */
  binary?: string;
  /** Guest memory in MiB. Default 512. */
  memoryMiB?: number;
  /** Virtual CPUs. Default 1. */
  cpus?: number;
  /** Accelerator. Default `tcg` (nested KVM hangs on these machines, see qemu-e2e.md). */
  accel?: string;
  /** The machine's disk (qcow2 unless `diskFormat` says otherwise); none when omitted. */
  disk?: string;
  /** Format of `disk`. Default `qcow2`. */
  diskFormat?: string;
  /**
   * Extra options of the slirp `-netdev user` backend, e.g. `bootfile=http://10.0.2.2:8080/boot.ipxe`
   * or `hostfwd=tcp:127.0.0.1:9999-:9999`.
   */
  netdevOptions?: string[];
  /** UEFI firmware (OVMF) code image; SeaBIOS when omitted. */
  uefiFirmware?: string;
  /** Where the guest's serial console goes. Default: discarded. */
  serialLog?: string;
  /** More arguments appended to the command line. */
  extraArgs?: string[];
}

/** The QEMU command line used for a machine (exported for docs and tests). */
export function qemuArgs(options: QemuMachineOptions, context: MachineContext, qmpSocket: string): string[] {
  const args = [
    '-accel',
    options.accel ?? 'tcg',
    '-m',
    String(options.memoryMiB ?? 512),
    '-smp',
    String(options.cpus ?? 1),
    '-name',
    context.systemId,
    '-uuid',
    // QEMU wants a plain UUID; derive it from the index like the Redfish UUID.
    `f3221c00-0001-4000-8000-${context.index.toString(16).padStart(12, '0')}`,
    '-nographic',
    '-nodefaults',
    '-monitor',
    'none',
    '-serial',
    options.serialLog ? `file:${options.serialLog}` : 'null',
    '-S',
    '-action',
    'shutdown=pause',
    '-qmp',
    `unix:${qmpSocket},server=on,wait=off`,
  ];
  if (options.uefiFirmware)
    args.push('-drive', `if=pflash,format=raw,readonly=on,file=${options.uefiFirmware}`);
  context.macs.forEach((mac, i) => {
    const netdev = ['user', `id=net${i}`, ...(i === 0 ? (options.netdevOptions ?? []) : [])].join(',');
    args.push('-netdev', netdev, '-device', `virtio-net-pci,netdev=net${i},mac=${mac},id=nic${i}`);
  });
  if (options.disk) {
    args.push(
      '-drive',
      `if=none,id=disk0,file=${options.disk},format=${options.diskFormat ?? 'qcow2'}`,
      '-device',
      'virtio-blk-pci,drive=disk0,id=disk0dev',
    );
  }
  args.push('-drive', 'if=none,id=cd0,media=cdrom', '-device', 'ide-cd,drive=cd0,id=cdrom0');
  args.push(...(options.extraArgs ?? []));
  return args;
}

/**
 * A real (emulated) machine: one QEMU process per BMC, driven over QMP as a BMC drives hardware.
 * Started with `-S` (= powered off) and `-action shutdown=pause` (a guest power-off leaves QEMU alive,
 * `query-status` then says `shutdown`). Power on = `system_reset` + `cont`; graceful off =
 * `system_powerdown` (ACPI); force off = `stop`; the boot device is chosen with `bootindex`
 * (`qom-set`) before each boot; virtual media = `blockdev-change-medium` / `eject` on an `ide-cd`.
 * Only the `Cd` slot exists.
 */
export class QemuMachine implements MachineBackend {
  readonly kind = 'qemu';
  readonly needsMediaFile = true;
  /** The QMP connection (for tests and diagnostics). */
  readonly qmp: QmpClient;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private readonly hasDisk: boolean;
  private readonly nics: number;
  private forcedOff = true;

  private constructor(child: ChildProcess, qmp: QmpClient, dir: string, hasDisk: boolean, nics: number) {
    this.child = child;
    this.qmp = qmp;
    this.dir = dir;
    this.hasDisk = hasDisk;
    this.nics = nics;
  }

  /** Launches QEMU for `context` and connects to its QMP socket. */
  static async launch(options: QemuMachineOptions, context: MachineContext): Promise<QemuMachine> {
    const dir = await mkdtemp(join(tmpdir(), 'ferric-bmc-qemu-'));
    const socket = join(dir, 'qmp.sock');
    const child = spawn(options.binary ?? 'qemu-system-x86_64', qemuArgs(options, context, socket), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code) => reject(new Error(`qemu exited (${code}): ${stderr.trim()}`)));
      child.once('error', (e) => reject(e));
    });
    exited.catch(() => undefined);
    try {
      const qmp = await Promise.race([QmpClient.connect(socket), exited]);
      const machine = new QemuMachine(child, qmp, dir, options.disk !== undefined, context.macs.length);
      if (context.initialPower === 'On')
        await machine.powerOn({ device: 'None', mode: 'UEFI', secureBoot: false });
      return machine;
    } catch (e) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * A {@link MachineFactory} launching one QEMU per BMC with `options`, or with options computed per
   * machine (e.g. its own disk, serial log or `hostfwd` port).
   */
  static factory(
    options: QemuMachineOptions | ((context: MachineContext) => QemuMachineOptions) = {},
  ): (context: MachineContext) => Promise<QemuMachine> {
    return (context) =>
      QemuMachine.launch(typeof options === 'function' ? options(context) : options, context);
  }

  async powerState(): Promise<MachinePowerState> {
    const s = await this.qmp.execute<{ running: boolean; status: string }>('query-status');
    if (s.running) return 'On';
    if (s.status === 'paused' && !this.forcedOff) return 'Paused';
    return 'Off';
  }

  async powerOn(boot: BootRequest): Promise<void> {
    await this.applyBootOrder(boot.device);
    await this.qmp.execute('system_reset');
    await this.qmp.execute('cont');
    this.forcedOff = false;
  }

  async powerOff(mode: 'graceful' | 'force'): Promise<void> {
    if (mode === 'graceful') {
      await this.qmp.execute('system_powerdown');
      return;
    }
    this.forcedOff = true;
    await this.qmp.execute('stop');
  }

  async reboot(_mode: 'graceful' | 'force', boot: BootRequest): Promise<void> {
    await this.applyBootOrder(boot.device);
    await this.qmp.execute('system_reset');
    const s = await this.qmp.execute<{ running: boolean }>('query-status');
    if (!s.running) await this.qmp.execute('cont');
    this.forcedOff = false;
  }

  async injectNmi(): Promise<void> {
    await this.qmp.execute('inject-nmi');
  }

  async insertMedia(media: MediaImage): Promise<void> {
    if (media.slot !== 'Cd') throw new Error(`the QEMU backend has no ${media.slot} drive`);
    if (!media.path) throw new Error('the QEMU backend needs a local copy of the image');
    await this.qmp.execute('blockdev-change-medium', { id: 'cdrom0', filename: media.path, format: 'raw' });
  }

  async ejectMedia(slot: MediaSlot): Promise<void> {
    if (slot !== 'Cd') return;
    await this.qmp.execute('eject', { id: 'cdrom0', force: true });
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
      await this.qmp.execute('quit').catch(() => undefined);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    }
    this.qmp.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** The QOM path and boot priority of each bootable device, first = boots first. */
  private order(device: BootDevice): string[] {
    const nics = Array.from({ length: this.nics }, (_, i) => `nic${i}`);
    const disk = this.hasDisk ? ['disk0dev'] : [];
    switch (device) {
      case 'Pxe':
      case 'UefiHttp':
        return [...nics, ...disk, 'cdrom0'];
      case 'Cd':
        return ['cdrom0', ...disk, ...nics];
      default:
        return [...disk, 'cdrom0', ...nics];
    }
  }

  /** Sets `bootindex` on every device; indexes must stay unique, so move them out of the way first. */
  private async applyBootOrder(device: BootDevice): Promise<void> {
    const devices = this.order(device);
    for (const [i, id] of devices.entries()) {
      await this.qmp.execute('qom-set', {
        path: `/machine/peripheral/${id}`,
        property: 'bootindex',
        value: 100 + i,
      });
    }
    for (const [i, id] of devices.entries()) {
      await this.qmp.execute('qom-set', {
        path: `/machine/peripheral/${id}`,
        property: 'bootindex',
        value: i,
      });
    }
  }
}
