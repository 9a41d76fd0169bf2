import { useState } from 'preact/hooks';
import { api, metricsText, parseMetrics } from './api';
import { useLive } from './live';
import { href } from './router';
import { elapsed, FAILURE_STATES, isInProgress, STABLE_STATES, stateClass } from './states';

/** A node as the overview lists it (`fields=` keeps the answers small). */
export interface NodeRow {
  uuid: string;
  name: string | null;
  provision_state: string;
  target_provision_state: string | null;
  power_state: string | null;
  maintenance: boolean;
  maintenance_reason: string | null;
  fault: string | null;
  last_error: string | null;
  driver: string;
  conductor_group: string;
  resource_class: string | null;
  owner: string | null;
  provision_updated_at: string | null;
}

export const ROW_FIELDS =
  'uuid,name,provision_state,target_provision_state,power_state,maintenance,maintenance_reason,fault,last_error,driver,conductor_group,resource_class,owner,provision_updated_at';

const ORDER = [...STABLE_STATES, ...FAILURE_STATES];

async function listByState(state: string, limit: number): Promise<NodeRow[]> {
  const q = new URLSearchParams({ provision_state: state, fields: ROW_FIELDS, limit: String(limit) });
  return (await api<{ nodes: NodeRow[] }>('GET', `/v1/nodes?${q}`)).nodes;
}

/** The fleet at a glance: counts by state (chart), what failed and why, what is moving now. */
export function Overview() {
  const [counts, setCounts] = useState<Map<string, number> | null>(null);
  const [problems, setProblems] = useState<NodeRow[]>([]);
  const [moving, setMoving] = useState<NodeRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());

  const refresh = async () => {
    try {
      const text = await metricsText();
      const byState = new Map<string, number>();
      if (text !== null)
        for (const s of parseMetrics(text))
          if (s.name === 'ferric_nodes' && s.labels.provision_state)
            byState.set(s.labels.provision_state, (byState.get(s.labels.provision_state) ?? 0) + s.value);
      setCounts(text === null ? null : byState);
      const failedStates = [...byState]
        .filter(([s, n]) => n > 0 && FAILURE_STATES.includes(s))
        .map(([s]) => s);
      const busyStates = [...byState].filter(([s, n]) => n > 0 && isInProgress(s)).map(([s]) => s);
      const maint = api<{ nodes: NodeRow[] }>(
        'GET',
        `/v1/nodes?maintenance=true&limit=50&fields=${ROW_FIELDS}`,
      );
      const failed = (await Promise.all(failedStates.map((s) => listByState(s, 50)))).flat();
      const seen = new Set(failed.map((n) => n.uuid));
      setProblems([...failed, ...(await maint).nodes.filter((n) => !seen.has(n.uuid))]);
      setMoving((await Promise.all(busyStates.map((s) => listByState(s, 50)))).flat());
      setNow(Date.now());
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const live = useLive(() => void refresh());

  const entries = counts
    ? [...counts]
        .filter(([s, n]) => n > 0 || STABLE_STATES.includes(s))
        .sort((a, b) => rank(a[0]) - rank(b[0]))
    : [];
  const total = entries.reduce((a, [, n]) => a + n, 0);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  return (
    <section aria-labelledby="overview-title">
      <header class="page-head">
        <h1 id="overview-title">Fleet</h1>
        <span class={live ? 'live on' : 'live'} role="status">
          {live ? 'live' : 'polling'}
        </span>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {counts === null ? (
        <p>Metrics are disabled on this server, so there are no fleet counts.</p>
      ) : (
        <div class="cards">
          <div class="card total">
            <span class="count" data-testid="count-total">
              {total}
            </span>
            <span>nodes</span>
          </div>
          {entries
            .filter(([, n]) => n > 0)
            .map(([state, n]) => (
              <a
                class={`card ${stateClass(state).replace('state', 'tone')}`}
                href={href('/nodes', { provision_state: state })}
                key={state}
              >
                <span class="count" data-testid={`count-${state}`}>
                  {n}
                </span>
                <span>{state}</span>
              </a>
            ))}
        </div>
      )}
      {counts !== null && (
        <figure class="chart">
          <figcaption>Nodes by provision state</figcaption>
          <svg
            role="img"
            aria-label={entries.map(([s, n]) => `${s}: ${n}`).join(', ')}
            viewBox={`0 0 600 ${entries.length * 26 + 4}`}
            width="100%"
          >
            {entries.map(([state, n], i) => (
              <g key={state} transform={`translate(0 ${i * 26 + 2})`}>
                <text x="150" y="16" text-anchor="end" class="chart-label">
                  {state}
                </text>
                <rect x="158" y="3" height="18" width={(n / max) * 400} class={`bar ${stateClass(state)}`} />
                <text x={162 + (n / max) * 400} y="16" class="chart-value">
                  {n}
                </text>
              </g>
            ))}
          </svg>
        </figure>
      )}
      <h2>Needs attention</h2>
      {problems.length === 0 ? (
        <p class="muted">No failed nodes and none in maintenance.</p>
      ) : (
        <table class="grid" data-testid="problems">
          <caption class="sr-only">Failed nodes and nodes in maintenance</caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">State</th>
              <th scope="col">Maintenance / fault</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((n) => (
              <tr key={n.uuid}>
                <td>
                  <a href={href(`/nodes/${n.uuid}`)}>{n.name ?? n.uuid}</a>
                </td>
                <td>
                  <span class={stateClass(n.provision_state)}>{n.provision_state}</span>
                </td>
                <td>
                  {n.maintenance
                    ? `${n.fault ?? 'maintenance'}${n.maintenance_reason ? `: ${n.maintenance_reason}` : ''}`
                    : '—'}
                </td>
                <td class="last-error">{n.last_error ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>In progress</h2>
      {moving.length === 0 ? (
        <p class="muted">Nothing is moving right now.</p>
      ) : (
        <table class="grid" data-testid="moving">
          <caption class="sr-only">Nodes with work in progress</caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">State</th>
              <th scope="col">Target</th>
              <th scope="col">For</th>
            </tr>
          </thead>
          <tbody>
            {moving.map((n) => (
              <tr key={n.uuid}>
                <td>
                  <a href={href(`/nodes/${n.uuid}`)}>{n.name ?? n.uuid}</a>
                </td>
                <td>
                  <span class={stateClass(n.provision_state)}>{n.provision_state}</span>
                </td>
                <td>{n.target_provision_state ?? '—'}</td>
                <td>{elapsed(n.provision_updated_at, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function rank(state: string): number {
  const i = ORDER.indexOf(state);
  return i < 0 ? STABLE_STATES.length + 0.5 : i;
}
