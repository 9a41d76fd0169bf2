import { setTimeout as sleep } from 'node:timers/promises';
import { createConductor, InProcessTransport, type ProvisionVerb } from '@ferric/conductor';
import { mapLimit } from './http-client.js';
import { waitForCount } from './inventory-wait.js';
import type { InProcessResult } from './model.js';
import { silentLogger } from './silent-logger.js';

/** Options of {@link measureInProcess}. */
export interface InProcessOptions {
  nodes: number;
  concurrency: number;
  dbFile: string;
  phaseTimeoutMs: number;
  /** Conductor options on top of the benchmark's defaults. */
  conductor?: Record<string, unknown>;
}

/**
 * The same fake-hardware lifecycle on an embedded conductor, called through `conductor.rpc` without HTTP:
 * the conductor's own ceiling for state transitions, to tell API cost from conductor cost.
 */
export async function measureInProcess(options: InProcessOptions): Promise<InProcessResult> {
  const c = createConductor({
    database: { sqlite: options.dbFile },
    logger: silentLogger,
    transport: new InProcessTransport(),
    config: {
      host: 'bench-inproc',
      syncPowerStateInterval: 3600,
      checkProvisionStateInterval: 3600,
      syncLocalStateInterval: 3600,
      powerFailureRecoveryInterval: 3600,
      ...options.conductor,
    },
  });
  await c.start();
  const result: InProcessResult = { nodes: options.nodes, phases: [] };
  try {
    let retries = 0;
    const withRetry = async (fn: () => Promise<unknown>) => {
      for (;;) {
        try {
          await fn();
          return;
        } catch (err) {
          const status = (err as { httpStatus?: number }).httpStatus;
          if (status !== 409 && status !== 503) throw err;
          retries++;
          await sleep(5);
        }
      }
    };
    const timed = async (phase: string, body: () => Promise<void>) => {
      const r0 = retries;
      const t0 = performance.now();
      await body();
      const seconds = (performance.now() - t0) / 1000;
      result.phases.push({ phase, seconds, nodesPerSecond: options.nodes / seconds, retries: retries - r0 });
    };
    const uuids: string[] = [];
    await timed('create', async () => {
      uuids.push(
        ...(await mapLimit(
          Array.from({ length: options.nodes }, (_, i) => i),
          options.concurrency,
          async (i) => (await c.rpc.createNode({ node: { driver: 'fake-hardware', name: `ip-${i}` } })).uuid,
        )),
      );
    });
    const step = (verb: ProvisionVerb, target: string) => async () => {
      await mapLimit(uuids, options.concurrency, (uuid) =>
        withRetry(() => c.rpc.doProvisioningAction({ node: uuid, verb })),
      );
      await waitForCount(
        c.inventory,
        { provisionState: target, reserved: false },
        options.nodes,
        options.phaseTimeoutMs,
      );
    };
    await timed('manage', step('manage', 'manageable'));
    await timed('provide', step('provide', 'available'));
    await timed('deploy', step('active', 'active'));
    await timed('undeploy', step('deleted', 'available'));
    await timed('delete', async () => {
      await mapLimit(uuids, options.concurrency, (uuid) => withRetry(() => c.rpc.deleteNode({ node: uuid })));
    });
  } finally {
    await c.stop({ graceful: false });
  }
  return result;
}
