import { setTimeout as sleep } from 'node:timers/promises';
import { createConductor, InProcessTransport } from '@ferric/conductor';
import { mapLimit } from './http-client.js';
import { waitForCount } from './inventory-wait.js';
import { currentLoad } from './machine.js';
import type { PowerSyncResult } from './model.js';
import { silentLogger } from './silent-logger.js';
import { median } from './stats.js';

/** Options of {@link measurePowerSync}. */
export interface PowerSyncOptions {
  nodes: number;
  /** `driver_info.fake_latency_ms`: how long each pretend BMC takes to answer. */
  bmcLatencyMs: number;
  /** `syncPowerStateWorkers` (Ironic's `sync_power_state_workers`, default 8). */
  workers: number;
  /** Full passes to time. */
  passes: number;
  /** SQLite file (fresh) for this measurement. */
  dbFile: string;
  /** Bound on the whole measurement, milliseconds. */
  timeoutMs: number;
}

const SYNC = '@ferric/conductor:ConductorManager.syncPowerStates';

/**
 * Power-sync pass time for N fake BMCs with a given answer latency, on an embedded conductor (no API):
 * a first conductor enrols and manages N `fake-hardware` nodes (power off, recorded = actual, so passes are
 * pure reads as in a healthy fleet); a second one on the same database runs `ConductorManager.syncPowerStates`
 * back to back, and the duration of each full pass is read from its periodic statistics.
 */
export async function measurePowerSync(options: PowerSyncOptions): Promise<PowerSyncResult> {
  const common = {
    host: 'bench-power',
    heartbeatInterval: 10,
    heartbeatTimeout: 60,
    checkProvisionStateInterval: 3600,
    syncLocalStateInterval: 3600,
    powerFailureRecoveryInterval: 3600,
    workersPoolSize: Math.max(100, options.workers + 10),
  };
  const setup = createConductor({
    database: { sqlite: options.dbFile },
    logger: silentLogger,
    transport: new InProcessTransport(),
    config: { ...common, syncPowerStateInterval: 3600 },
  });
  await setup.start();
  try {
    const ids = Array.from({ length: options.nodes }, (_, i) => i);
    const uuids = await mapLimit(ids, 50, async (i) => {
      const node = await setup.rpc.createNode({
        node: {
          driver: 'fake-hardware',
          name: `ps-${i}`,
          powerState: 'power off',
          driverInfo: {},
        },
      });
      return node.uuid;
    });
    await mapLimit(uuids, 50, async (uuid) => {
      for (;;) {
        try {
          await setup.rpc.doProvisioningAction({ node: uuid, verb: 'manage' });
          return;
        } catch (err) {
          const status = (err as { httpStatus?: number }).httpStatus;
          if (status !== 409 && status !== 503) throw err;
          await sleep(5);
        }
      }
    });
    await waitForCount(
      setup.inventory,
      { provisionState: 'manageable', reserved: false },
      options.nodes,
      options.timeoutMs,
    );
    // the pretend BMCs answer slowly from now on
    if (options.bmcLatencyMs > 0)
      await mapLimit(uuids, 50, (uuid) =>
        setup.rpc.updateNode({
          node: uuid,
          patch: { driverInfo: { fake_latency_ms: options.bmcLatencyMs } },
        }),
      );
  } finally {
    await setup.stop();
  }

  const sync = createConductor({
    database: { sqlite: options.dbFile },
    logger: silentLogger,
    transport: new InProcessTransport(),
    config: { ...common, syncPowerStateInterval: 0.001, syncPowerStateWorkers: options.workers },
  });
  await sync.start();
  const passesMs: number[] = [];
  try {
    const deadline = Date.now() + options.timeoutMs;
    let seen = 0;
    while (passesMs.length < options.passes) {
      const stats = sync.listPeriodics().find((p) => p.id === SYNC);
      if (stats && stats.runs > seen && stats.lastDurationMs !== null) {
        seen = stats.runs;
        passesMs.push(stats.lastDurationMs);
      }
      if (Date.now() > deadline) break;
      await sleep(2);
    }
  } finally {
    await sync.stop({ graceful: false });
  }
  const med = median(passesMs);
  return {
    nodes: options.nodes,
    bmcLatencyMs: options.bmcLatencyMs,
    workers: options.workers,
    passesMs,
    idealMs: (options.nodes * options.bmcLatencyMs) / options.workers,
    nodesPerSecond: options.nodes / (med / 1000),
    load1: currentLoad()[0],
  };
}
