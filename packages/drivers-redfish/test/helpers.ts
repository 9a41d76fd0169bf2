import { type Fleet, type FleetBmc, type FleetOptions, startFleet } from '@ferric/bmc-emulator';
import type { JsonObject } from '@ferric/core';
import { createTestTask, type TestTask } from '@ferric/core/testing';
import { closeRedfishClients, configureRedfish, redfishPlugin } from '../src/index.js';

/** Fast retries and polls so fault tests stay quick. */
export function fastSettings(): void {
  configureRedfish({ powerPollIntervalMs: 50, taskPollIntervalMs: 50, maxRetryDelayMs: 200 });
}

/** driver_info pointing at one emulated BMC. */
export function driverInfoOf(bmc: FleetBmc, extra: JsonObject = {}): JsonObject {
  return {
    redfish_address: bmc.url,
    redfish_system_id: bmc.systemPath,
    redfish_username: bmc.username,
    redfish_password: bmc.password,
    redfish_retry_interval: 0.02,
    redfish_request_timeout: 10,
    ...extra,
  };
}

/** A test task of hardware type `redfish` for `bmc`, with every Redfish interface. */
export function redfishTask(
  bmc: FleetBmc,
  extra: JsonObject = {},
  node: Parameters<typeof createTestTask>[0] = {},
): TestTask {
  return createTestTask(
    {
      driver: 'redfish',
      driverInfo: driverInfoOf(bmc, extra),
      powerInterface: 'redfish',
      managementInterface: 'redfish',
      inspectInterface: 'redfish',
      biosInterface: 'redfish',
      raidInterface: 'redfish',
      firmwareInterface: 'redfish',
      vendorInterface: 'redfish',
      ...node,
    },
    { plugins: [redfishPlugin] },
  );
}

/** Start a fleet and remember it for {@link stopAll}. */
const fleets: Fleet[] = [];
export async function fleet(options: FleetOptions = {}): Promise<Fleet> {
  const f = await startFleet(options);
  fleets.push(f);
  return f;
}

/** Close shared clients and every fleet started by {@link fleet}. */
export async function stopAll(): Promise<void> {
  await closeRedfishClients();
  await Promise.all(fleets.splice(0).map((f) => f.close()));
}
