import { useState } from 'preact/hooks';
import { api, metricsText, parseMetrics, type Sample } from './api';
import { useLive } from './live';

interface Conductor {
  hostname: string;
  conductor_group: string;
  alive: boolean;
  drivers?: string[];
  updated_at: string | null;
}

/** Conductors (alive, group, hardware types), with this process's worker pool and periodics from /metrics. */
export function Conductors() {
  const [conductors, setConductors] = useState<Conductor[]>([]);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    try {
      setConductors((await api<{ conductors: Conductor[] }>('GET', '/v1/conductors?detail=True')).conductors);
      const text = await metricsText();
      setSamples(text ? parseMetrics(text) : []);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useLive(() => void refresh());
  const one = (name: string) => samples.find((s) => s.name === name)?.value;
  const periodics = new Map<string, Record<string, number>>();
  for (const s of samples)
    if (s.name.startsWith('ferric_periodic_') && s.labels.periodic) {
      const row = periodics.get(s.labels.periodic) ?? {};
      row[s.name.slice('ferric_periodic_'.length)] = s.value;
      periodics.set(s.labels.periodic, row);
    }
  const size = one('ferric_worker_pool_size');
  return (
    <section aria-labelledby="conductors-title">
      <header class="page-head">
        <h1 id="conductors-title">Conductors</h1>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="grid" data-testid="conductor-table">
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Alive</th>
            <th scope="col">Group</th>
            <th scope="col">Hardware types</th>
            <th scope="col">Last heartbeat</th>
          </tr>
        </thead>
        <tbody>
          {conductors.map((c) => (
            <tr key={c.hostname}>
              <td>{c.hostname}</td>
              <td>
                <span class={c.alive ? 'state available' : 'state failed'}>{c.alive ? 'alive' : 'down'}</span>
              </td>
              <td>{c.conductor_group || '—'}</td>
              <td>{(c.drivers ?? []).join(', ')}</td>
              <td>{c.updated_at ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {size !== undefined && (
        <>
          <h2>Worker pool (this process)</h2>
          <p>
            {one('ferric_worker_pool_busy') ?? 0} of {size - (one('ferric_worker_pool_reserved') ?? 0)}{' '}
            workers busy, {one('ferric_worker_pool_reserved_busy') ?? 0} of{' '}
            {one('ferric_worker_pool_reserved') ?? 0} reserved busy,{' '}
            {one('ferric_worker_pool_refused_total') ?? 0} refused so far.
          </p>
          <meter
            min={0}
            max={size}
            value={(one('ferric_worker_pool_busy') ?? 0) + (one('ferric_worker_pool_reserved_busy') ?? 0)}
            aria-label="Workers busy"
          />
        </>
      )}
      {periodics.size > 0 && (
        <>
          <h2>Periodic tasks (this process)</h2>
          <table class="grid">
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Runs</th>
                <th scope="col">Failures</th>
                <th scope="col">Last duration</th>
                <th scope="col">Last success</th>
              </tr>
            </thead>
            <tbody>
              {[...periodics].map(([name, p]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td>{p.runs_total ?? 0}</td>
                  <td>{p.failures_total ?? 0}</td>
                  <td>
                    {p.last_duration_seconds !== undefined
                      ? `${(p.last_duration_seconds * 1000).toFixed(0)} ms`
                      : '—'}
                  </td>
                  <td>
                    {p.last_success_timestamp_seconds
                      ? new Date(p.last_success_timestamp_seconds * 1000).toISOString()
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
