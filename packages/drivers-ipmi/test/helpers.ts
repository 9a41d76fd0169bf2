// Helpers shared by the integration tests.
import type { DriverInterfaces, JsonObject } from '@ferric/core';
import { createTestTask, type TestTask } from '@ferric/core/testing';
import { IpmitoolManagement } from '../src/management.js';
import { IpmitoolPower } from '../src/power.js';
import { SIM_PASSWORD, SIM_USER, type SimBmc } from './harness/ipmi-sim.js';

/** The node's composed driver: only power and management matter here. */
export function ipmiDriver(): DriverInterfaces {
  return { power: new IpmitoolPower(), management: new IpmitoolManagement() } as unknown as DriverInterfaces;
}

/** driver_info for a simulated BMC; short timeouts so failure paths stay quick. */
export function driverInfoFor(bmc: Pick<SimBmc, 'port'>, extra: JsonObject = {}): JsonObject {
  return {
    ipmi_address: '127.0.0.1',
    ipmi_port: bmc.port,
    ipmi_username: SIM_USER,
    ipmi_password: SIM_PASSWORD,
    ipmi_request_timeout: 0.3,
    ipmi_retries: 2,
    ipmi_power_timeout: 10,
    ipmi_power_poll_interval: 0.1,
    ...extra,
  };
}

/** A test task for a node driven through the ipmi interfaces. */
export function taskFor(bmc: Pick<SimBmc, 'port'>, extra: JsonObject = {}): TestTask {
  return createTestTask({ driver: 'ipmi', driverInfo: driverInfoFor(bmc, extra) }, { driver: ipmiDriver() });
}

/** Poll `check` until it holds (bounded); for BMC-side effects that land asynchronously. */
export async function eventually(
  check: () => boolean,
  what: string,
  tries = 100,
  intervalMs = 100,
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition never held: ${what}`);
}
