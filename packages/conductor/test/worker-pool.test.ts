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
