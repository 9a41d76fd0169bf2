import { DriverOperationError, type PowerStateValue } from '@ferric/core';

/**
 * A stand-in for the vendor's BMC client library. A real driver would speak HTTP
 * or a binary protocol here; this one keeps machines in memory so the example runs
 * anywhere. Keep protocol code in its own module: interfaces stay thin.
 */
export class AcmeBmc {
  static readonly #machines = new Map<string, { power: Exclude<PowerStateValue, null>; led: boolean }>();

  constructor(
    readonly address: string,
    readonly username: string,
    readonly password: string,
  ) {}

  #machine() {
    if (this.password === 'wrong')
      throw new DriverOperationError(`ACME BMC ${this.address} rejected the credentials.`);
    let machine = AcmeBmc.#machines.get(this.address);
    if (!machine) {
      machine = { power: 'power off', led: false };
      AcmeBmc.#machines.set(this.address, machine);
    }
    return machine;
  }

  /** Reads the power state. */
  async powerState(): Promise<'power on' | 'power off'> {
    const { power } = this.#machine();
    return power === 'power on' ? 'power on' : 'power off';
  }

  /** Switches power. */
  async setPower(on: boolean): Promise<void> {
    this.#machine().power = on ? 'power on' : 'power off';
  }

  /** Turns the identify LED on or off. */
  async setLed(on: boolean): Promise<void> {
    this.#machine().led = on;
  }

  /** Reads the identify LED. */
  async led(): Promise<boolean> {
    return this.#machine().led;
  }
}
