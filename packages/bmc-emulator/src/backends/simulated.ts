import type {
  BootRequest,
  MachineBackend,
  MachineContext,
  MachinePowerState,
  MediaImage,
  MediaSlot,
} from './machine.js';

/** Options of {@link SimulatedMachine}. */
export interface SimulatedMachineOptions {
  /** Delay before a requested power change lands (ms); the old state is reported meanwhile. Default 0. */
  powerDelayMs?: number;
  /** Initial power state. Default `Off`. */
  initialPower?: 'On' | 'Off';
  /**
   * Report `PoweringOn`/`PoweringOff` during a transition instead of the old state. Default false
   * (like sushy-tools: the state simply changes late).
   */
  reportTransitions?: boolean;
  /** Simulate an OS that ignores ACPI shutdown requests (GracefulShutdown never lands). Default false. */
  ignoreGracefulShutdown?: boolean;
}

/** One thing that happened to a simulated machine, for tests to check what the BMC really did. */
export interface MachineEvent {
  /** When it happened. */
  at: Date;
  /** What it was. */
  kind: 'power-on' | 'power-off' | 'reboot' | 'nmi' | 'insert-media' | 'eject-media';
  /** Details: the boot request, the power-off mode, the media slot and URL. */
  detail: Record<string, string | number | boolean>;
}

/**
 * The default, in-memory machine. Power changes land after `powerDelayMs`; every boot records the
 * device it booted from. Nothing runs: it is a state machine with a log ({@link events}, {@link boots}).
 */
export class SimulatedMachine implements MachineBackend {
  readonly kind = 'simulated';
  readonly needsMediaFile = false;
  /** Everything the BMC asked of this machine, oldest first. */
  readonly events: MachineEvent[] = [];
  /** Every boot, oldest first, with the device it booted from. */
  readonly boots: BootRequest[] = [];
  /** What is in each virtual drive. */
  readonly media = new Map<MediaSlot, MediaImage>();
  private state: 'On' | 'Off';
  private target: 'On' | 'Off' | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly options: Required<SimulatedMachineOptions>;

  constructor(options: SimulatedMachineOptions = {}) {
    this.options = {
      powerDelayMs: options.powerDelayMs ?? 0,
      initialPower: options.initialPower ?? 'Off',
      reportTransitions: options.reportTransitions ?? false,
      ignoreGracefulShutdown: options.ignoreGracefulShutdown ?? false,
    };
    this.state = this.options.initialPower;
  }

  /** A {@link MachineFactory}-compatible constructor using the fleet's per-machine delay. */
  static factory(
    options: Omit<SimulatedMachineOptions, 'powerDelayMs' | 'initialPower'> = {},
  ): (context: MachineContext) => SimulatedMachine {
    return (context) =>
      new SimulatedMachine({
        ...options,
        powerDelayMs: context.powerDelayMs,
        initialPower: context.initialPower,
      });
  }

  async powerState(): Promise<MachinePowerState> {
    if (this.target !== undefined && this.options.reportTransitions) {
      return this.target === 'On' ? 'PoweringOn' : 'PoweringOff';
    }
    return this.state;
  }

  pendingPowerState(): 'On' | 'Off' | undefined {
    return this.target;
  }

  /** Sets the power state at once, behind the BMC's back (e.g. the OS shut itself down). */
  setPowerState(state: 'On' | 'Off'): void {
    this.cancel();
    this.state = state;
  }

  async powerOn(boot: BootRequest): Promise<void> {
    this.log('power-on', { ...boot });
    this.transition('On', () => this.boots.push(boot));
  }

  async powerOff(mode: 'graceful' | 'force'): Promise<void> {
    this.log('power-off', { mode });
    if (mode === 'graceful' && this.options.ignoreGracefulShutdown) return;
    this.transition('Off');
  }

  async reboot(mode: 'graceful' | 'force', boot: BootRequest): Promise<void> {
    this.log('reboot', { ...boot, restart: mode });
    this.transition('On', () => this.boots.push(boot));
  }

  async injectNmi(): Promise<void> {
    this.log('nmi', {});
  }

  async insertMedia(media: MediaImage): Promise<void> {
    this.log('insert-media', { slot: media.slot, url: media.url, size: media.size });
    this.media.set(media.slot, media);
  }

  async ejectMedia(slot: MediaSlot): Promise<void> {
    this.log('eject-media', { slot });
    this.media.delete(slot);
  }

  async close(): Promise<void> {
    this.cancel();
  }

  private transition(to: 'On' | 'Off', landed?: () => void): void {
    this.cancel();
    const land = (): void => {
      this.timer = undefined;
      this.target = undefined;
      this.state = to;
      landed?.();
    };
    if (this.options.powerDelayMs <= 0) {
      land();
      return;
    }
    this.target = to;
    this.timer = setTimeout(land, this.options.powerDelayMs);
    this.timer.unref();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.target = undefined;
  }

  private log(kind: MachineEvent['kind'], detail: MachineEvent['detail']): void {
    this.events.push({ at: new Date(), kind, detail });
  }
}
