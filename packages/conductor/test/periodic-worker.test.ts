import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DuplicatePeriodicTask,
  NoFreeConductorWorker,
  PeriodicTaskNotFound,
  PeriodicTaskRunning,
} from '../src/errors.js';
import { ConductorEventStream } from '../src/events.js';
import { PeriodicWorker } from '../src/periodic-worker.js';
import { WorkerPool } from '../src/worker-pool.js';
import { deferred, silentLogger } from './helpers.js';

// Fake timers: spacing is asserted by counting runs as the clock advances, never by measuring time.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(size = 5) {
  const pool = new WorkerPool({ size, reservedPercentage: 0, logger: silentLogger });
  const events = new ConductorEventStream();
  const log: string[] = [];
  for (const name of [
    'periodic.started',
    'periodic.finished',
    'periodic.failed',
    'periodic.skipped',
  ] as const)
    events.on(name, (e) => log.push(`${name}:${e.id}`));
  const worker = new PeriodicWorker({ pool, logger: silentLogger, host: 'c1', events });
  return { pool, events, log, worker };
}

const seconds = (n: number) => vi.advanceTimersByTimeAsync(n * 1000);

/** `stop(0)` waits on a zero timer: let the fake clock fire it. */
async function stop(worker: PeriodicWorker): Promise<void> {
  const stopped = worker.stop(0);
  await seconds(0);
  await stopped;
}

describe('PeriodicWorker', () => {
  it('runs a task every spacing, start to start, and never overlaps it with itself', async () => {
    const { worker } = setup();
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    worker.add({
      id: 'pkg:T.slow',
      name: 'T.slow',
      spacing: 10,
      run: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        runs++;
        // Overruns its spacing: the next run starts right after this one, not during it.
        await new Promise((r) => setTimeout(r, 25_000));
        concurrent--;
      },
    });
    worker.start();
    await seconds(9);
    expect(runs).toBe(0);
    await seconds(1);
    expect(runs).toBe(1);
    await seconds(24);
    expect(runs).toBe(1);
    await seconds(2);
    expect(runs).toBe(2);
    expect(maxConcurrent).toBe(1);
    expect(worker.get('pkg:T.slow')).toMatchObject({ running: true, runs: 1, name: 'T.slow' });
    await stop(worker);
  });

  it('runs different tasks in parallel on the pool', async () => {
    const { worker } = setup();
    const gate = deferred();
    const running = new Set<string>();
    let together = 0;
    for (const id of ['a', 'b', 'c']) {
      worker.add({
        id,
        spacing: 5,
        run: async () => {
          running.add(id);
          together = Math.max(together, running.size);
          await gate.promise;
          running.delete(id);
        },
      });
    }
    worker.start();
    await seconds(5);
    expect(together).toBe(3);
    gate.resolve();
    await seconds(0);
    expect(worker.list().map((s) => [s.id, s.runs])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    await stop(worker);
  });

  it('reads a spacing function and an enabled function before every run', async () => {
    const { worker } = setup();
    let spacing = 10;
    let enabled = true;
    let runs = 0;
    worker.add({
      id: 'lazy',
      spacing: () => spacing,
      enabled: () => enabled,
      run: async () => {
        runs++;
        if (runs === 1) spacing = 100;
      },
    });
    worker.start();
    await seconds(10);
    expect(runs).toBe(1);
    await seconds(10);
    // Read again when the first run ended: the second run is due 100 s after the first.
    expect(runs).toBe(1);
    await seconds(90);
    expect(runs).toBe(2);
    enabled = false;
    await seconds(300);
    expect(runs).toBe(2);
    expect(worker.get('lazy')).toMatchObject({ enabled: false, spacing: 100 });
    enabled = true;
    await seconds(100);
    expect(runs).toBe(3);
    spacing = 0;
    await seconds(100);
    expect(worker.get('lazy')).toMatchObject({ enabled: false, spacing: 0 });
    await stop(worker);
  });

  it('a constant spacing 0 or enabled:false never runs but is listed', async () => {
    const { worker } = setup();
    const run = vi.fn(async () => {});
    worker.add({ id: 'off', spacing: 0, run });
    worker.add({ id: 'disabled', spacing: 1, enabled: false, run });
    worker.start();
    await seconds(3600);
    expect(run).not.toHaveBeenCalled();
    expect(worker.list()).toMatchObject([
      { id: 'disabled', enabled: false, nextRunAt: null },
      { id: 'off', enabled: false, nextRunAt: null },
    ]);
    await stop(worker);
  });

  it('emits started then finished or failed per run, with the duration; failures are rescheduled', async () => {
    const { worker, events, log } = setup();
    const durations: number[] = [];
    events.on('periodic.failed', (e) => {
      durations.push(e.durationMs);
      expect(e).toMatchObject({ host: 'c1', name: 'B.boom', error: 'kaput' });
    });
    worker.add({
      id: 'p:B.boom',
      name: 'B.boom',
      spacing: 1,
      run: async () => {
        await new Promise((r) => setTimeout(r, 400));
        throw new Error('kaput');
      },
    });
    worker.add({ id: 'p:A.ok', spacing: 2, run: async () => {} });
    worker.start();
    await seconds(2.5);
    expect(log).toEqual([
      'periodic.started:p:B.boom',
      'periodic.failed:p:B.boom',
      'periodic.started:p:A.ok',
      'periodic.finished:p:A.ok',
      'periodic.started:p:B.boom',
      'periodic.failed:p:B.boom',
    ]);
    expect(durations).toEqual([400, 400]);
    expect(worker.get('p:B.boom')).toMatchObject({ runs: 2, failures: 2, lastError: 'kaput' });
    await stop(worker);
  });

  it('skips a due run when the pool is full: counted and emitted, not queued', async () => {
    const { worker, pool, log } = setup(3);
    const gate = deferred();
    const hogs = [0, 1, 2].map(() => pool.spawn('hog', () => gate.promise));
    let runs = 0;
    worker.add({
      id: 'p',
      spacing: 10,
      run: async () => {
        runs++;
      },
    });
    worker.start();
    await seconds(10);
    expect(worker.get('p')).toMatchObject({ skipped: 1, runs: 0 });
    expect(log).toEqual(['periodic.skipped:p']);
    gate.resolve();
    await Promise.all(hogs);
    // The pool is free now, but the skipped run was not queued: nothing runs before the next due time.
    await seconds(9);
    expect(runs).toBe(0);
    await seconds(1);
    expect(runs).toBe(1);
    await stop(worker);
  });

  it('lists, pauses, resumes and triggers by id (or by an unambiguous short name)', async () => {
    const { worker } = setup();
    const runs = { a: 0, b: 0 };
    const gate = deferred();
    let blockB = false;
    worker.add({
      id: '@vendor-a/driver:Power.poll',
      name: 'Power.poll',
      spacing: 10,
      run: async () => {
        runs.a++;
      },
    });
    worker.add({
      id: '@vendor-b/driver:Power.poll',
      name: 'Power.poll',
      spacing: 10,
      run: async () => {
        runs.b++;
        if (blockB) await gate.promise;
      },
    });
    worker.add({ id: '@vendor-b/driver:Mgmt.check', name: 'Mgmt.check', spacing: 10, run: async () => {} });
    expect(() => worker.add({ id: '@vendor-a/driver:Power.poll', spacing: 1, run: async () => {} })).toThrow(
      DuplicatePeriodicTask,
    );
    worker.start();
    expect(worker.get('Mgmt.check').id).toBe('@vendor-b/driver:Mgmt.check');
    expect(() => worker.get('Power.poll')).toThrow(/ambiguous; use an id: @vendor-a\/driver:Power\.poll/);
    expect(() => worker.get('nope')).toThrow(PeriodicTaskNotFound);

    expect(worker.pause('@vendor-a/driver:Power.poll')).toMatchObject({ paused: true, nextRunAt: null });
    await seconds(30);
    expect(runs).toEqual({ a: 0, b: 3 });
    // A paused task still runs when triggered.
    expect(await worker.trigger('@vendor-a/driver:Power.poll')).toMatchObject({ runs: 1, paused: true });
    expect(runs.a).toBe(1);
    await seconds(30);
    expect(runs.a).toBe(1);
    // Overdue (last start + spacing has passed): runs at once, then every spacing again.
    worker.resume('@vendor-a/driver:Power.poll');
    await seconds(0);
    expect(runs.a).toBe(2);
    await seconds(10);
    expect(runs.a).toBe(3);

    // Never overlaps itself, even when triggered.
    const b = worker.get('@vendor-b/driver:Power.poll');
    expect(b.running).toBe(false);
    blockB = true;
    const second = worker.trigger('@vendor-b/driver:Power.poll');
    await seconds(0);
    await expect(worker.trigger('@vendor-b/driver:Power.poll')).rejects.toBeInstanceOf(PeriodicTaskRunning);
    gate.resolve();
    expect((await second).running).toBe(false);
    await stop(worker);
    await expect(worker.trigger('Mgmt.check')).rejects.toThrow(/not running/);
  });

  it('a trigger on a full pool throws NoFreeConductorWorker and counts a skip', async () => {
    const { worker, pool } = setup(3);
    const gate = deferred();
    const hogs = [0, 1, 2].map(() => pool.spawn('hog', () => gate.promise));
    worker.add({ id: 't', spacing: 10, run: async () => {} });
    worker.start();
    await expect(worker.trigger('t')).rejects.toBeInstanceOf(NoFreeConductorWorker);
    expect(worker.get('t').skipped).toBe(1);
    gate.resolve();
    await Promise.all(hogs);
    await stop(worker);
  });
});
