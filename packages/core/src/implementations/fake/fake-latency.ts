import { setTimeout as sleep } from 'node:timers/promises';
import type { Task } from '../../task.js';

/**
 * Fake drivers can be made slow, per node, to imitate real BMCs in benchmarks
 * and in tests that need work to be in flight: `driver_info.fake_latency_ms`.
 * @internal
 */
export async function fakeLatency(task: Task): Promise<void> {
  const ms = task.node.driverInfo.fake_latency_ms;
  if (typeof ms === 'number' && ms > 0) await sleep(ms);
}

/** driver_info keys every fake implementation understands. @internal */
export const FAKE_COMMON_PROPERTIES = {
  fake_latency_ms: { description: 'Milliseconds every fake BMC call takes (imitates a real BMC). Optional.' },
} as const;
