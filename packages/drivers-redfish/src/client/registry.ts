import { createHash } from 'node:crypto';
import type { Logger } from '@ferric/core';
import type { RedfishDriverInfo } from '../driver-info.js';
import { RedfishClient } from './client.js';

/**
 * Process-wide tuning of the Redfish driver (Ironic's `[redfish]` options). Node
 * settings (`driver_info`) win where both exist.
 * @public
 */
export interface RedfishDriverSettings {
  /** Milliseconds between power-state polls while waiting for a power action. Default 1000. */
  powerPollIntervalMs: number;
  /** Milliseconds between Task polls when waiting inline (BIOS, RAID, firmware). Default 1000. */
  taskPollIntervalMs: number;
  /** Seconds between runs of the firmware-update status periodic (Ironic `firmware_update_status_interval`). Default 60. */
  firmwareUpdateStatusInterval: number;
  /** Longest wait between two retries of a request, ms. Default 30 000. */
  maxRetryDelayMs: number;
  /** Keep-alive connections per BMC. Default 4. */
  connectionsPerBmc: number;
  /** Clients kept at most (least recently used ones are closed). Default 10 000. */
  maxClients: number;
  /** Logger for client-level events (retries, re-logins). Default: silent. */
  logger: Logger | null;
}

const DEFAULTS: RedfishDriverSettings = {
  powerPollIntervalMs: 1000,
  taskPollIntervalMs: 1000,
  firmwareUpdateStatusInterval: 60,
  maxRetryDelayMs: 30_000,
  connectionsPerBmc: 4,
  maxClients: 10_000,
  logger: null,
};

let settings: RedfishDriverSettings = { ...DEFAULTS };
const clients = new Map<string, RedfishClient>();

/**
 * Change the process-wide driver settings; returns the settings now in force.
 * Already created clients keep their connection settings.
 * @public
 */
export function configureRedfish(
  changes: Partial<RedfishDriverSettings> = {},
): Readonly<RedfishDriverSettings> {
  settings = { ...settings, ...changes };
  return settings;
}

/** The settings in force. @public */
export function redfishSettings(): Readonly<RedfishDriverSettings> {
  return settings;
}

function keyOf(info: RedfishDriverInfo): string {
  const secret = info.password === null ? '' : createHash('sha256').update(info.password).digest('hex');
  return JSON.stringify([
    info.address,
    info.username,
    secret,
    info.verifyCa,
    info.authType,
    info.requestTimeout,
    info.connectionAttempts,
    info.retryInterval,
  ]);
}

/**
 * The shared client for a node's BMC and account: one keep-alive pool and one
 * session per (address, credentials, TLS and retry settings), reused by every node
 * and interface that points there. Interfaces stay stateless singletons; this
 * cache is the only state.
 * @public
 */
export function getRedfishClient(info: RedfishDriverInfo): RedfishClient {
  const key = keyOf(info);
  let client = clients.get(key);
  if (client) {
    // Refresh its LRU position.
    clients.delete(key);
    clients.set(key, client);
    return client;
  }
  client = new RedfishClient({
    address: info.address,
    username: info.username,
    password: info.password,
    authType: info.authType,
    verifyCa: info.verifyCa,
    requestTimeoutMs: info.requestTimeout * 1000,
    connectionAttempts: info.connectionAttempts,
    retryIntervalMs: info.retryInterval * 1000,
    maxRetryDelayMs: settings.maxRetryDelayMs,
    connections: settings.connectionsPerBmc,
    ...(settings.logger ? { logger: settings.logger } : {}),
  });
  clients.set(key, client);
  while (clients.size > settings.maxClients) {
    const [oldestKey, oldest] = clients.entries().next().value as [string, RedfishClient];
    clients.delete(oldestKey);
    void oldest.close();
  }
  return client;
}

/** Log out of and close every shared client (conductor shutdown, tests). @public */
export async function closeRedfishClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.close()));
}
