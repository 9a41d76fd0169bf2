import { useState } from 'preact/hooks';
import { ApiError, api, type NodeEvent } from './api';
import { useLive } from './live';
import { type NodeRow, ROW_FIELDS } from './overview';
import { href, navigate, type Route } from './router';
import { stateClass } from './states';

const FILTERS = [
  ['provision_state', 'Provision state'],
  ['driver', 'Hardware type'],
  ['conductor_group', 'Conductor group'],
  ['resource_class', 'Resource class'],
  ['owner', 'Owner'],
] as const;
const PAGE = 50;

/**
 * Every node, a page at a time from the server (marker paging, server-side filters and sort), so it
 * stays fast at 10,000 nodes; rows on screen follow the event stream.
 */
export function Nodes({ route }: { route: Route }) {
  const q = route.query;
  const params = Object.fromEntries(q.entries()) as Record<string, string>;
  const [rows, setRows] = useState<NodeRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState(q.get('search') ?? '');

  const refresh = async () => {
    try {
      if (params.search) {
        try {
          const n = await api<NodeRow>(
            'GET',
            `/v1/nodes/${encodeURIComponent(params.search)}?fields=${ROW_FIELDS}`,
          );
          setRows([n]);
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) setRows([]);
          else throw err;
        }
        setNext(null);
      } else {
        const u = new URLSearchParams({ fields: ROW_FIELDS, limit: String(PAGE) });
        for (const [k] of FILTERS) if (params[k]) u.set(k, params[k]);
        if (params.maintenance) u.set('maintenance', params.maintenance);
        u.set('sort_key', params.sort_key ?? 'created_at');
        u.set('sort_dir', params.sort_dir ?? 'asc');
        if (params.marker) u.set('marker', params.marker);
        const page = await api<{ nodes: NodeRow[]; next?: string }>('GET', `/v1/nodes?${u}`);
        setRows(page.nodes);
        setNext(page.next && page.nodes.length === PAGE ? page.nodes[page.nodes.length - 1]!.uuid : null);
      }
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  // Rows on this page change in place from the events; the debounced refresh re-reads the page.
  const onEvent = (e: NodeEvent) =>
    setRows((rs) =>
      rs.map((r) => {
        if (r.uuid !== e.node) return r;
        if (e.type === 'node.provisionStateChanged')
          return { ...r, provision_state: e.to ?? r.provision_state };
        if (e.type === 'node.powerStateChanged') return { ...r, power_state: e.to ?? null };
        if (e.type === 'node.maintenanceChanged') return { ...r, maintenance: Boolean(e.maintenance) };
        if (e.type === 'node.error') return { ...r, last_error: e.error ?? r.last_error };
        return r;
      }),
    );
  const live = useLive(() => void refresh(), onEvent, [q.toString()]);

  const set = (change: Record<string, string | undefined>) => {
    const merged: Record<string, string | undefined> = { ...params, marker: undefined, ...change };
    navigate('/nodes', merged);
  };
  const sortBy = (key: string) =>
    set({ sort_key: key, sort_dir: params.sort_key === key && params.sort_dir !== 'desc' ? 'desc' : 'asc' });
  const sortState = (key: string) =>
    (params.sort_key ?? 'created_at') === key
      ? params.sort_dir === 'desc'
        ? 'descending'
        : 'ascending'
      : 'none';
  const header = (key: string | null, label: string) => (
    <th scope="col" aria-sort={key ? sortState(key) : undefined}>
      {key ? (
        <button type="button" class="link" onClick={() => sortBy(key)}>
          {label}
          {sortState(key) === 'ascending' ? ' ▲' : sortState(key) === 'descending' ? ' ▼' : ''}
        </button>
      ) : (
        label
      )}
    </th>
  );

  return (
    <section aria-labelledby="nodes-title">
      <header class="page-head">
        <h1 id="nodes-title">Nodes</h1>
        <span class={live ? 'live on' : 'live'} role="status">
          {live ? 'live' : 'polling'}
        </span>
      </header>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          set({ search: search.trim() || undefined });
        }}
      >
        <label>
          Name or UUID
          <input
            type="search"
            value={search}
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
          />
        </label>
        {FILTERS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input
              name={key}
              value={params[key] ?? ''}
              onChange={(e) => set({ [key]: (e.target as HTMLInputElement).value.trim() || undefined })}
            />
          </label>
        ))}
        <label>
          Maintenance
          <select
            value={params.maintenance ?? ''}
            onChange={(e) => set({ maintenance: (e.target as HTMLSelectElement).value || undefined })}
          >
            <option value="">any</option>
            <option value="true">in maintenance</option>
            <option value="false">not in maintenance</option>
          </select>
        </label>
        <button type="submit">Search</button>
        <button
          type="button"
          onClick={() => {
            setSearch('');
            navigate('/nodes');
          }}
        >
          Clear
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="grid" data-testid="node-table">
        <caption class="sr-only">Nodes, sortable by the column buttons</caption>
        <thead>
          <tr>
            {header(null, 'Name')}
            {header('uuid', 'UUID')}
            {header('provision_state', 'Provision state')}
            {header(null, 'Power')}
            {header(null, 'Maintenance')}
            {header('driver', 'Hardware type')}
            {header('conductor_group', 'Group')}
            {header(null, 'Last error')}
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => (
            <tr key={n.uuid} data-node={n.name ?? n.uuid}>
              <td>
                <a href={href(`/nodes/${n.uuid}`)}>{n.name ?? '(unnamed)'}</a>
              </td>
              <td class="mono">{n.uuid}</td>
              <td>
                <span class={stateClass(n.provision_state)} data-testid="provision-state">
                  {n.provision_state}
                </span>
              </td>
              <td>{n.power_state ?? '—'}</td>
              <td>{n.maintenance ? 'yes' : 'no'}</td>
              <td>{n.driver}</td>
              <td>{n.conductor_group || '—'}</td>
              <td class="last-error">{n.last_error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !error && <p class="muted">No nodes match.</p>}
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={!params.marker} onClick={() => history.back()}>
          Previous
        </button>
        <button
          type="button"
          disabled={!next}
          onClick={() => navigate('/nodes', { ...params, marker: next ?? undefined })}
        >
          Next
        </button>
      </nav>
    </section>
  );
}
