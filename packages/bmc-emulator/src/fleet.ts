import type { Credentials } from './auth.js';
import type { MachineBackend, MachineFactory } from './backends/machine.js';
import { SimulatedMachine } from './backends/simulated.js';
import type { FaultConfig, FaultInjector } from './faults.js';
import { DEFAULT_HARDWARE, type HardwareProfile, macAddress } from './hardware.js';
import type { QuirkConfig } from './quirks.js';
import { RedfishServer, type RequestLogEntry, type TlsOptions } from './server.js';
import { RedfishService } from './service.js';
import { EmulatedSystem } from './system.js';

/** Options of {@link startFleet}. */
export interface FleetOptions {
  /** Number of emulated BMCs (systems). Default 1. */
  count?: number;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /**
   * One Redfish service per BMC on ports `basePort`, `basePort + 1`, … (`0`: an ephemeral port each).
   * The default layout, with `basePort: 0`.
   */
  basePort?: number;
  /**
   * One Redfish service on this port (`0`: ephemeral) holding every system, like sushy-tools with
   * libvirt: systems at `/redfish/v1/Systems/{id}`, each with its own Manager and Chassis.
   * Takes precedence over `basePort`.
   */
  singlePort?: number;
  /**
   * Fault injection applied to every service (change it later through `bmc.faults`). With one port per
   * BMC, BMC `n` uses seed `seed + n`, so BMCs fail independently but reproducibly.
   */
  faults?: FaultConfig;
  /** Quirks of real BMCs every service shows (change them later through `bmc.quirks`). */
  quirks?: QuirkConfig;
  /**
   * Power-transition delay in ms for the simulated backend: a number, or `[min, max]` drawn per
   * machine from the fleet seed (sushy-tools draws 1–11 s). Default 0.
   */
  powerDelayMs?: number | [number, number];
  /** BMC accounts: one for all, or one per index. Default `admin` / `password`. */
  credentials?: Credentials | ((index: number) => Credentials);
  /** System id of the BMC at `index`. Default `node-0000`, `node-0001`, … */
  systemId?: (index: number) => string;
  /** Index of the first BMC (ids and MACs derive from it). Default 0. */
  firstIndex?: number;
  /** Hardware of every machine (merged over the default profile). */
  hardware?: Partial<HardwareProfile>;
  /** Initial power state. Default `Off`. */
  initialPower?: 'On' | 'Off';
  /** Builds the machine behind each BMC. Default: {@link SimulatedMachine}. */
  backend?: MachineFactory;
  /** Seed for per-machine random choices (power delays). Default 1. */
  seed?: number;
  /** Session idle timeout in seconds. Default 1800. */
  sessionTimeoutSeconds?: number;
  /** Duration of each of the five flashing steps of SimpleUpdate, ms. Default 100. */
  updateStepMs?: number;
  /** Timeout of virtual-media and firmware downloads, ms. Default 30000. */
  downloadTimeoutMs?: number;
  /** Serve HTTPS (URLs become `https://…`) with this PEM key and certificate. Default: plain HTTP. */
  tls?: TlsOptions;
  /** Called after each response with method, URL, status and port (no headers, no credentials). */
  onRequest?: (entry: RequestLogEntry) => void;
}

/** One emulated BMC of a running fleet: what a driver needs to reach it, and handles for tests. */
export interface FleetBmc {
  /** Position in the fleet. */
  index: number;
  /** Base URL of its Redfish service, e.g. `http://127.0.0.1:8000` (Ironic's `redfish_address`). */
  url: string;
  /** TCP port of its Redfish service. */
  port: number;
  /** `ComputerSystem` id, e.g. `node-0000`. */
  systemId: string;
  /** Full path of the system, e.g. `/redfish/v1/Systems/node-0000` (Ironic's `redfish_system_id`). */
  systemPath: string;
  /** `Manager` id of its BMC. */
  managerId: string;
  /** `Chassis` id. */
  chassisId: string;
  /** User name accepted by the BMC. */
  username: string;
  /** Password accepted by the BMC. */
  password: string;
  /** NIC MAC addresses, deterministic from the index. */
  macs: string[];
  /** Ironic-style `driver_info` for the `redfish` hardware type. */
  driverInfo: RedfishDriverInfo;
  /** The BMC-side state (boot override, BIOS, media, volumes…), for tests to inspect or change. */
  system: EmulatedSystem;
  /** The machine behind the BMC (a {@link SimulatedMachine} unless another backend was given). */
  machine: MachineBackend;
  /** Fault injection of its service (shared by all BMCs in single-port mode). */
  faults: FaultInjector;
  /** Quirks of its service (shared by all BMCs in single-port mode); mutable, read per request. */
  quirks: QuirkConfig;
  /** Ends every session of its service at once (the next token request gets 401). */
  expireSessions(): void;
}

/** Ironic's `driver_info` keys for a Redfish node, filled in for one emulated BMC. */
export interface RedfishDriverInfo {
  /** Base URL of the service. */
  redfish_address: string;
  /** Path of the ComputerSystem. */
  redfish_system_id: string;
  /** User name. */
  redfish_username: string;
  /** Password. */
  redfish_password: string;
}

/** A running fleet. */
export interface Fleet {
  /** The BMCs, in index order. */
  bmcs: FleetBmc[];
  /** The service URL when started with `singlePort`, else undefined. */
  url: string | undefined;
  /** Stops every service and machine. */
  close(): Promise<void>;
}

/** Default accounts: `admin` / `password`. */
export const DEFAULT_CREDENTIALS: Credentials = { username: 'admin', password: 'password' };

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Starts `count` emulated BMCs in this process on 127.0.0.1 and resolves once all listen.
 *
 * ```ts
 * const fleet = await startFleet({ count: 3, powerDelayMs: 500 });
 * const [bmc] = fleet.bmcs; // bmc.url, bmc.systemPath, bmc.username, bmc.password, bmc.macs
 * await fleet.close();
 * ```
 */
export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const count = options.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  const host = options.host ?? '127.0.0.1';
  const first = options.firstIndex ?? 0;
  const random = seeded(options.seed ?? 1);
  const delay = options.powerDelayMs ?? 0;
  const credentialsOf =
    typeof options.credentials === 'function'
      ? options.credentials
      : () => (options.credentials as Credentials | undefined) ?? DEFAULT_CREDENTIALS;
  const idOf = options.systemId ?? ((i: number) => `node-${String(i).padStart(4, '0')}`);
  const hardware: HardwareProfile = { ...DEFAULT_HARDWARE, ...options.hardware };
  const factory = options.backend ?? SimulatedMachine.factory();
  const downloadTimeoutMs = options.downloadTimeoutMs ?? 30_000;

  const systems: EmulatedSystem[] = [];
  const server = new RedfishServer({
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const scheme = options.tls ? 'https' : 'http';
  try {
    for (let n = 0; n < count; n++) {
      const index = first + n;
      const powerDelayMs = Array.isArray(delay)
        ? Math.round(delay[0] + random() * Math.max(0, delay[1] - delay[0]))
        : delay;
      const id = idOf(index);
      const macs = Array.from({ length: hardware.nics }, (_, nic) => macAddress(index, nic));
      const machine = await factory({
        index,
        systemId: id,
        macs,
        powerDelayMs,
        initialPower: options.initialPower ?? 'Off',
      });
      systems.push(new EmulatedSystem({ index, id, hardware, machine, downloadTimeoutMs }));
    }
    const common = {
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.quirks ? { quirks: options.quirks } : {}),
      ...(options.sessionTimeoutSeconds !== undefined
        ? { sessionTimeoutSeconds: options.sessionTimeoutSeconds }
        : {}),
      ...(options.updateStepMs !== undefined ? { updateStepMs: options.updateStepMs } : {}),
      downloadTimeoutMs,
    };
    const bmcs: FleetBmc[] = [];
    const describe = (s: EmulatedSystem, service: RedfishService, port: number): FleetBmc => {
      const c = credentialsOf(s.index);
      return {
        index: s.index,
        url: `${scheme}://${host}:${port}`,
        port,
        systemId: s.id,
        systemPath: `/redfish/v1/Systems/${s.id}`,
        managerId: s.managerId,
        chassisId: s.chassisId,
        username: c.username,
        password: c.password,
        macs: [...s.macs],
        driverInfo: {
          redfish_address: `${scheme}://${host}:${port}`,
          redfish_system_id: `/redfish/v1/Systems/${s.id}`,
          redfish_username: c.username,
          redfish_password: c.password,
        },
        system: s,
        machine: s.machine,
        faults: service.faults,
        quirks: service.quirks,
        expireSessions: () => service.sessions.expireAll(),
      };
    };
    let url: string | undefined;
    if (options.singlePort !== undefined) {
      const accounts = systems.map((s) => credentialsOf(s.index));
      const unique = accounts.filter(
        (a, i) => accounts.findIndex((b) => b.username === a.username && b.password === a.password) === i,
      );
      const service = new RedfishService({ index: first, systems, accounts: unique, ...common });
      const port = await server.listen(service, options.singlePort, host);
      url = `${scheme}://${host}:${port}`;
      for (const s of systems) bmcs.push(describe(s, service, port));
    } else {
      const base = options.basePort ?? 0;
      for (const [n, s] of systems.entries()) {
        const service = new RedfishService({
          index: s.index,
          systems: [s],
          accounts: [credentialsOf(s.index)],
          ...common,
          // Each BMC draws its own random faults: seed + position in the fleet.
          ...(options.faults ? { faults: { ...options.faults, seed: (options.faults.seed ?? 1) + n } } : {}),
        });
        const port = await server.listen(service, base === 0 ? 0 : base + n, host);
        bmcs.push(describe(s, service, port));
      }
    }
    let closed = false;
    return {
      bmcs,
      url,
      close: async () => {
        if (closed) return;
        closed = true;
        await server.close();
        await Promise.all(systems.map((s) => s.dispose()));
      },
    };
  } catch (e) {
    await server.close().catch(() => undefined);
    await Promise.all(systems.map((s) => s.machine.close().catch(() => undefined)));
    throw e;
  }
}
