import { setTimeout as sleep } from 'node:timers/promises';
import { currentLoad } from './machine.js';

/**
 * Waits (bounded) until the 1-minute load average drops below `threshold`, so measurements are taken on a
 * quiet machine where possible. Returns the load it proceeded at and whether the threshold was met.
 */
export async function waitForQuietMachine(
  threshold: number,
  maxWaitMs: number,
  log: (msg: string) => void,
): Promise<{ load1: number; quiet: boolean }> {
  if (!(threshold > 0)) return { load1: currentLoad()[0], quiet: true };
  const deadline = Date.now() + maxWaitMs;
  let announced = false;
  for (;;) {
    const load1 = currentLoad()[0];
    if (load1 < threshold) return { load1, quiet: true };
    if (Date.now() >= deadline) {
      log(`load ${load1} still ≥ ${threshold} after ${Math.round(maxWaitMs / 1000)} s: measuring anyway`);
      return { load1, quiet: false };
    }
    if (!announced)
      log(`waiting for 1-min load < ${threshold} (now ${load1}, at most ${Math.round(maxWaitMs / 1000)} s)`);
    announced = true;
    await sleep(5000);
  }
}
