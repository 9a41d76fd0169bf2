import { setTimeout as sleep } from 'node:timers/promises';
import type { Inventory, NodeFilters } from '@ferric/conductor';

/** Number of nodes matching `filters` (walks every page). */
export async function countNodes(inventory: Inventory, filters: NodeFilters): Promise<number> {
  let count = 0;
  let marker: string | undefined;
  for (;;) {
    const page = await inventory.listNodes(filters, { limit: 1000, ...(marker ? { marker } : {}) });
    count += page.items.length;
    if (!page.next || page.items.length === 0) return count;
    marker = page.items[page.items.length - 1]!.uuid;
  }
}

/** Polls (every 10 ms at most, never more than half the time; bounded) until at least `expected` nodes match `filters`. */
export async function waitForCount(
  inventory: Inventory,
  filters: NodeFilters,
  expected: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const started = performance.now();
    const count = await countNodes(inventory, filters);
    if (count >= expected) return;
    if (Date.now() > deadline)
      throw new Error(`timeout: ${count}/${expected} nodes match ${JSON.stringify(filters)}`);
    await sleep(Math.max(10, performance.now() - started));
  }
}
