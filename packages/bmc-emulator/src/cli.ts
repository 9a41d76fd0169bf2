#!/usr/bin/env node
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { QemuMachine } from './backends/qemu.js';
import type { FaultConfig } from './faults.js';
import { type Fleet, type FleetOptions, startFleet } from './fleet.js';

/** The `--help` text. */
export const USAGE = `Usage: ferric-bmc-emulator [options]

Starts a fleet of emulated Redfish BMCs on 127.0.0.1 (Ferric's sushy-tools / VirtualBMC).

Layout
  --count N               number of BMCs (systems)                              [1]
  --port P                first port; BMC i listens on P+i (0: ephemeral ports)  [8000]
  --single-port           serve every system from one service on --port
  --host ADDR             address to bind                                       [127.0.0.1]
  --tls-cert FILE         serve HTTPS with this PEM certificate (with --tls-key)
  --tls-key FILE          PEM private key for --tls-cert
  --first-index I         index of the first BMC (ids and MACs derive from it)  [0]
  --id-prefix S           system id prefix: <prefix><index, 4 digits>           [node-]

Accounts
  --username U            BMC user name                                         [admin]
  --password P            BMC password (never printed)                          [password]
  --session-timeout S     session idle timeout in seconds                       [1800]

Machines
  --power-delay MS|A-B    power transitions land after MS ms (or A..B ms)       [0]
  --initial-power on|off  initial power state                                   [off]
  --seed N                seed for delays and random faults                     [1]

Backend
  --backend simulated|qemu  machine behind each BMC                             [simulated]
  --qemu-memory MiB       guest memory of each QEMU machine                     [512]
  --qemu-disk-dir DIR     use DIR/<system id>.qcow2 as each machine's disk (if present)
  --qemu-serial-dir DIR   write each machine's serial console to DIR/<system id>.log
  --qemu-netdev OPT       extra slirp option for the first NIC (repeatable),
                          e.g. bootfile=http://10.0.2.2:8080/boot.ipxe

Faults
  --latency MS|A-B        added latency per request
  --error-rate R          probability 0..1 that a request fails with a 5xx
  --error-status S        status used by --error-rate                           [500]
  --drop-rate R           probability 0..1 that a connection is dropped

Output
  --json                  print the fleet (urls, system ids, MACs) as one JSON line
  --verbose               log every request (method, path, status; never credentials)
  -h, --help              show this help

Examples
  ferric-bmc-emulator --count 10 --port 8000 --power-delay 1000-11000
  ferric-bmc-emulator --count 100 --port 8000 --single-port --latency 20
`;

function range(text: string, flag: string): number | [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new Error(`${flag} expects a number of ms or a range A-B, got ${text}`);
  return m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
}

function probability(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${flag} expects a number between 0 and 1`);
  return n;
}

function integer(text: string, flag: string, min = 0): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} expects an integer ≥ ${min}, got ${text}`);
  return n;
}

/** Parses CLI arguments into fleet options; returns `undefined` for `--help`. Throws on bad input. */
export function parseCli(argv: string[]): { options: FleetOptions; json: boolean } | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      count: { type: 'string' },
      port: { type: 'string' },
      'single-port': { type: 'boolean' },
      host: { type: 'string' },
      'first-index': { type: 'string' },
      'id-prefix': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'session-timeout': { type: 'string' },
      'power-delay': { type: 'string' },
      'initial-power': { type: 'string' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      'error-status': { type: 'string' },
      'drop-rate': { type: 'string' },
      backend: { type: 'string' },
      'qemu-memory': { type: 'string' },
      'qemu-disk-dir': { type: 'string' },
      'qemu-serial-dir': { type: 'string' },
      'qemu-netdev': { type: 'string', multiple: true },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const port = integer(values.port ?? '8000', '--port');
  const prefix = values['id-prefix'] ?? 'node-';
  const faults: FaultConfig = {};
  if (values.latency) faults.latencyMs = range(values.latency, '--latency');
  if (values['error-rate']) faults.errorRate = probability(values['error-rate'], '--error-rate');
  if (values['error-status']) faults.errorStatus = integer(values['error-status'], '--error-status', 500);
  if (values['drop-rate']) faults.dropRate = probability(values['drop-rate'], '--drop-rate');
  const seed = integer(values.seed ?? '1', '--seed');
  faults.seed = seed;
  const power = values['initial-power'] ?? 'off';
  if (power !== 'on' && power !== 'off') throw new Error('--initial-power expects on or off');
  const backend = values.backend ?? 'simulated';
  if (backend !== 'simulated' && backend !== 'qemu') throw new Error('--backend expects simulated or qemu');
  const memoryMiB = integer(values['qemu-memory'] ?? '512', '--qemu-memory', 16);
  const diskDir = values['qemu-disk-dir'];
  const serialDir = values['qemu-serial-dir'];
  const netdev = values['qemu-netdev'] ?? [];
  const tlsCert = values['tls-cert'];
  const tlsKey = values['tls-key'];
  if ((tlsCert === undefined) !== (tlsKey === undefined))
    throw new Error('--tls-cert and --tls-key go together');
  const options: FleetOptions = {
    ...(tlsCert && tlsKey ? { tls: { cert: readFileSync(tlsCert), key: readFileSync(tlsKey) } } : {}),
    ...(backend === 'qemu'
      ? {
          backend: QemuMachine.factory((ctx) => {
            const disk = diskDir ? join(diskDir, `${ctx.systemId}.qcow2`) : undefined;
            return {
              memoryMiB,
              netdevOptions: netdev,
              ...(disk && existsSync(disk) ? { disk } : {}),
              ...(serialDir ? { serialLog: join(serialDir, `${ctx.systemId}.log`) } : {}),
            };
          }),
        }
      : {}),
    count: integer(values.count ?? '1', '--count', 1),
    host: values.host ?? '127.0.0.1',
    firstIndex: integer(values['first-index'] ?? '0', '--first-index'),
    systemId: (i) => `${prefix}${String(i).padStart(4, '0')}`,
    credentials: { username: values.username ?? 'admin', password: values.password ?? 'password' },
    powerDelayMs: range(values['power-delay'] ?? '0', '--power-delay'),
    initialPower: power === 'on' ? 'On' : 'Off',
    seed,
    faults,
    ...(values['single-port'] ? { singlePort: port } : { basePort: port }),
    ...(values['session-timeout']
      ? { sessionTimeoutSeconds: integer(values['session-timeout'], '--session-timeout', 1) }
      : {}),
    ...(values.verbose
      ? { onRequest: (e) => process.stderr.write(`${e.port} ${e.method} ${e.url} ${e.status}\n`) }
      : {}),
  };
  return { options, json: values.json ?? false };
}

/**
 * Runs the CLI: starts the fleet and prints where it is. Resolves to the running fleet (the caller
 * closes it), or `undefined` after `--help` or an error (exit code set in `process.exitCode`).
 */
export async function main(
  argv: string[],
  print: (line: string) => void = console.log,
): Promise<Fleet | undefined> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    print(`ferric-bmc-emulator: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
  if (!parsed) {
    print(USAGE);
    return undefined;
  }
  const fleet = await startFleet(parsed.options);
  if (parsed.json) {
    print(
      JSON.stringify({
        url: fleet.url ?? null,
        bmcs: fleet.bmcs.map((b) => ({
          url: b.url,
          systemId: b.systemId,
          systemPath: b.systemPath,
          managerId: b.managerId,
          username: b.username,
          macs: b.macs,
        })),
      }),
    );
  } else {
    const first = fleet.bmcs[0];
    const last = fleet.bmcs[fleet.bmcs.length - 1];
    print(
      `ferric-bmc-emulator: ${fleet.bmcs.length} BMC(s) ready` +
        (fleet.url ? ` on ${fleet.url}/redfish/v1` : ` on ${first?.url} … ${last?.url}`) +
        ` (user ${first?.username}; password as configured)`,
    );
    for (const b of fleet.bmcs.slice(0, 10)) print(`  ${b.url}${b.systemPath}  macs ${b.macs.join(',')}`);
    if (fleet.bmcs.length > 10) print(`  … and ${fleet.bmcs.length - 10} more`);
  }
  return fleet;
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  const fleet = await main(process.argv.slice(2));
  if (fleet) {
    const stop = (): void => {
      void fleet.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
}
