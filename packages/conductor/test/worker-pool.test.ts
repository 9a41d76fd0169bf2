import { describe, expect, it } from 'vitest';
import { NoFreeConductorWorker } from '../src/errors.js';
import { PeriodicWorker } from '../src/periodic-worker.js';
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

describe('PeriodicWorker', () => {
  it('never overlaps a slow periodic with itself and records stats', async () => {
    const pool = new WorkerPool({ size: 5, reservedPercentage: 0, logger: silentLogger });
    const worker = new PeriodicWorker({ pool, logger: silentLogger });
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    worker.add({
      name: 'slow',
      spacing: 0.01,
      runImmediately: true,
      run: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((r) => setTimeout(r, 50));
        concurrent--;
        runs++;
      },
    });
    worker.start();
    await waitFor(() => runs >= 4, 'four runs');
    await worker.stop();
    expect(maxConcurrent).toBe(1);
    const stats = worker.get('slow')!;
    expect(stats.runs).toBeGreaterThanOrEqual(4);
    expect(stats.failures).toBe(0);
    expect(stats.lastDurationMs).not.toBeNull();
  });

  it('logs and reschedules a failing periodic', async () => {
    const pool = new WorkerPool({ size: 3, reservedPercentage: 0, logger: silentLogger });
    const worker = new PeriodicWorker({ pool, logger: silentLogger });
    let calls = 0;
    worker.add({
      name: 'boom',
      spacing: 0.01,
      run: async () => {
        calls++;
        throw new Error('kaput');
      },
    });
    worker.add({ name: 'off', spacing: 0, run: async () => {} });
    worker.start();
    await waitFor(() => calls >= 3, 'three failing runs');
    await worker.stop();
    const boom = worker.get('boom')!;
    expect(boom.failures).toBeGreaterThanOrEqual(3);
    expect(boom.lastError).toBe('kaput');
    expect(worker.get('off')).toMatchObject({ enabled: false, runs: 0 });
    expect(worker.list().map((s) => s.name)).toEqual(['boom', 'off']);
  });

  it('postpones a periodic while the pool is full', async () => {
    const pool = new WorkerPool({ size: 3, reservedPercentage: 0, logger: silentLogger });
    const worker = new PeriodicWorker({ pool, logger: silentLogger, rejectionRetryDelay: 0.01 });
    const gate = deferred();
    const hogs = [0, 1, 2].map(() => pool.spawn('hog', () => gate.promise));
    let ran = false;
    worker.add({
      name: 'p',
      spacing: 0.01,
      runImmediately: true,
      run: async () => {
        ran = true;
      },
    });
    worker.start();
    await waitFor(() => (worker.get('p')?.rejections ?? 0) >= 2, 'rejections');
    expect(ran).toBe(false);
    gate.resolve();
    await Promise.all(hogs);
    await waitFor(() => ran, 'run after pool frees up');
    await worker.stop();
  });
});
