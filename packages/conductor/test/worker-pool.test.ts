import { describe, expect, it } from 'vitest';
import { NoFreeConductorWorker } from '../src/errors.js';
import { WorkerPool } from '../src/worker-pool.js';
import { deferred, silentLogger, waitFor } from './helpers.js';

describe('WorkerPool', () => {
  it('refuses sizes below 3', () => {
    expect(() => new WorkerPool({ size: 2, reservedPercentage: 5, logger: silentLogger })).toThrow(/>= 3/);
  });

  it('refuses a job with NoFreeConductorWorker when full, keeping a reserved share for API work', async () => {
    const pool = new WorkerPool({ size: 4, reservedPercentage: 5, logger: silentLogger });
    expect(pool.stats.reserved).toBe(1);
    const gate = deferred();
    const jobs = [0, 1, 2].map(() => pool.spawn('bg', () => gate.promise, { allowReserved: false }));
    expect(() => pool.spawn('periodic', async () => {}, { allowReserved: false })).toThrow(
      NoFreeConductorWorker,
    );
    const api = pool.spawn('api', () => gate.promise);
    expect(() => pool.spawn('api2', async () => {})).toThrow(NoFreeConductorWorker);
    gate.resolve();
    await Promise.all([...jobs, api]);
    await waitFor(() => pool.stats.running === 0 && pool.stats.runningReserved === 0);
    await expect(pool.spawn('later', async () => 42)).resolves.toBe(42);
  });
});

describe('WorkerPool reservations', () => {
  it('counts a reserved worker at once, so two callers never both take the last one', () => {
    const pool = new WorkerPool({ size: 3, reservedPercentage: 0, logger: silentLogger });
    const slots = [pool.reserve(), pool.reserve(), pool.reserve()];
    expect(() => pool.reserve()).toThrow(NoFreeConductorWorker);
    slots[0]!.release();
    slots[0]!.release(); // idempotent
    expect(pool.stats.running).toBe(2);
    const again = pool.reserve();
    expect(() => pool.reserve()).toThrow(NoFreeConductorWorker);
    for (const s of [again, slots[1]!, slots[2]!]) s.release();
    expect(pool.stats.running).toBe(0);
  });

  it('runs a job on a reserved worker and frees it when the job settles', async () => {
    const pool = new WorkerPool({ size: 3, reservedPercentage: 0, logger: silentLogger });
    const slot = pool.reserve();
    const gate = deferred();
    const job = slot.run('job', () => gate.promise.then(() => 7));
    expect(() => slot.run('twice', async () => 1)).toThrow(/already used/);
    slot.release(); // no-op once running
    expect(pool.stats.running).toBe(1);
    gate.resolve();
    await expect(job).resolves.toBe(7);
    expect(pool.stats.running).toBe(0);
  });

  it('hands freed workers to waiters in order, ahead of new reservations of the normal share', async () => {
    const pool = new WorkerPool({ size: 4, reservedPercentage: 25, logger: silentLogger });
    const held = [pool.reserve({ allowReserved: false }), pool.reserve({ allowReserved: false })];
    held.push(pool.reserve({ allowReserved: false }));
    const order: string[] = [];
    const a = pool.waitForWorker().then((s) => {
      order.push('a');
      return s;
    });
    const b = pool.waitForWorker().then((s) => {
      order.push('b');
      return s;
    });
    expect(pool.stats.waiting).toBe(2);
    // Periodics cannot jump the queue; API work still gets the reserved share.
    expect(pool.hasCapacity({ allowReserved: false })).toBe(false);
    const api = pool.reserve();
    held[0]!.release();
    const first = await a;
    expect(order).toEqual(['a']);
    held[1]!.release();
    const second = await b;
    expect(order).toEqual(['a', 'b']);
    expect(pool.stats).toMatchObject({ running: 3, runningReserved: 1, waiting: 0 });
    for (const s of [first, second, held[2]!, api]) s.release();
    expect(pool.stats).toMatchObject({ running: 0, runningReserved: 0 });
  });

  it('fails waiters when the pool closes or their signal aborts', async () => {
    const pool = new WorkerPool({ size: 3, reservedPercentage: 0, logger: silentLogger });
    const held = [pool.reserve(), pool.reserve(), pool.reserve()];
    const ac = new AbortController();
    const aborted = pool.waitForWorker(ac.signal);
    const closed = pool.waitForWorker();
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(pool.stats.waiting).toBe(1);
    const closing = pool.close(1000);
    await expect(closed).rejects.toBeInstanceOf(NoFreeConductorWorker);
    for (const s of held) s.release();
    await expect(closing).resolves.toBe(true);
    expect(() => pool.reserve()).toThrow(NoFreeConductorWorker);
  });
});
