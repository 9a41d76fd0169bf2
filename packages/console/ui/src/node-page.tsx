import { useRef, useState } from 'preact/hooks';
import { ApiError, api, type NodeEvent } from './api';
import { useLive } from './live';
import { href } from './router';
import { stateClass } from './states';

type Json = Record<string, unknown>;

interface Action {
  label: string;
  /** Confirmation text. */
  confirm: string;
  run: (node: string, input: string) => Promise<unknown>;
  /** Asks for a value (the image URL of a deploy, a maintenance reason). */
  input?: { label: string; placeholder: string; required: boolean };
}

const provision = (target: string) => (node: string) =>
  api('PUT', `/v1/nodes/${node}/states/provision`, { target });
const power = (target: string) => (node: string) => api('PUT', `/v1/nodes/${node}/states/power`, { target });

const ACTIONS: Action[] = [
  { label: 'Power on', confirm: 'Power the node on?', run: power('power on') },
  { label: 'Power off', confirm: 'Power the node off?', run: power('power off') },
  { label: 'Reboot', confirm: 'Reboot the node?', run: power('rebooting') },
  {
    label: 'Manage',
    confirm: 'Move the node to manageable (verifies BMC access)?',
    run: provision('manage'),
  },
  { label: 'Provide', confirm: 'Clean the node and make it available?', run: provision('provide') },
  { label: 'Inspect', confirm: 'Inspect the node’s hardware?', run: provision('inspect') },
  {
    label: 'Deploy',
    confirm: 'Deploy this image to the node?',
    input: { label: 'Image URL', placeholder: 'http://images.example.com/ubuntu.qcow2', required: true },
    run: async (node, image) => {
      await api('PATCH', `/v1/nodes/${node}`, [
        { op: 'add', path: '/instance_info/image_source', value: image },
      ]);
      return api('PUT', `/v1/nodes/${node}/states/provision`, { target: 'active' });
    },
  },
  { label: 'Undeploy', confirm: 'Tear down the instance and clean the node?', run: provision('deleted') },
  { label: 'Abort', confirm: 'Abort the current operation?', run: provision('abort') },
  {
    label: 'Maintenance on',
    confirm: 'Put the node in maintenance?',
    input: { label: 'Reason', placeholder: 'why', required: false },
    run: (node, reason) => api('PUT', `/v1/nodes/${node}/maintenance`, reason ? { reason } : {}),
  },
  {
    label: 'Maintenance off',
    confirm: 'Take the node out of maintenance?',
    run: (node) => api('DELETE', `/v1/nodes/${node}/maintenance`),
  },
];

/** One node: every field as the API shows it (secrets masked by the API), ports, history, hardware, actions. */
export function NodePage({ ident }: { ident: string }) {
  const [node, setNode] = useState<Json | null>(null);
  const [ports, setPorts] = useState<Json[]>([]);
  const [history, setHistory] = useState<Json[]>([]);
  const [hardware, setHardware] = useState<[string, unknown][]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Action | null>(null);
  const [value, setValue] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);

  const refresh = async () => {
    try {
      const n = await api<Json>('GET', `/v1/nodes/${encodeURIComponent(ident)}`);
      setNode(n);
      const uuid = String(n.uuid);
      const [p, h] = await Promise.all([
        api<{ ports: Json[] }>('GET', `/v1/nodes/${uuid}/ports?detail=True`),
        api<{ history: Json[] }>('GET', `/v1/nodes/${uuid}/history?detail=True`).catch(() => ({
          history: [],
        })),
      ]);
      setPorts(p.ports);
      setHistory([...h.history].reverse());
      const extra: [string, unknown][] = [];
      for (const [label, path, key] of [
        ['BIOS settings', 'bios', 'bios'],
        ['Firmware', 'firmware', 'firmware'],
        ['Inventory', 'inventory', 'inventory'],
      ] as const) {
        try {
          const r = await api<Json>('GET', `/v1/nodes/${uuid}/${path}`);
          const v = r[key];
          if (v && (!Array.isArray(v) || v.length > 0) && Object.keys(v as Json).length > 0)
            extra.push([label, v]);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
        }
      }
      setHardware(extra);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const live = useLive(
    () => void refresh(),
    (_e: NodeEvent) => undefined,
    [ident],
  );

  const ask = (a: Action) => {
    setPending(a);
    setValue('');
    dialog.current?.showModal();
  };
  const confirm = async (e: Event) => {
    e.preventDefault();
    const a = pending;
    dialog.current?.close();
    if (!a || !node) return;
    try {
      await a.run(String(node.uuid), value.trim());
      setNotice(`${a.label}: accepted.`);
      setError(null);
    } catch (err) {
      setError(`${a.label}: ${(err as Error).message}`);
    }
    void refresh();
  };

  if (!node)
    return (
      <section>
        <h1>Node {ident}</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p>Loading…</p>
        )}
      </section>
    );
  const state = String(node.provision_state);
  return (
    <section aria-labelledby="node-title">
      <p>
        <a href={href('/nodes')}>← Nodes</a>
      </p>
      <header class="page-head">
        <h1 id="node-title">{String(node.name ?? node.uuid)}</h1>
        <span class={stateClass(state)} data-testid="node-state">
          {state}
        </span>
        <span class={live ? 'live on' : 'live'} role="status">
          {live ? 'live' : 'polling'}
        </span>
      </header>
      {node.last_error ? (
        <p class="error" data-testid="node-last-error">
          Last error: {String(node.last_error)}
        </p>
      ) : null}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <fieldset class="actions">
        <legend class="sr-only">Actions</legend>
        {ACTIONS.map((a) => (
          <button type="button" key={a.label} onClick={() => ask(a)}>
            {a.label}
          </button>
        ))}
      </fieldset>
      <dialog ref={dialog} aria-labelledby="confirm-title">
        <form method="dialog" onSubmit={confirm}>
          <h2 id="confirm-title">{pending?.label}</h2>
          <p>{pending?.confirm}</p>
          {pending?.input && (
            <label>
              {pending.input.label}
              <input
                value={value}
                required={pending.input.required}
                placeholder={pending.input.placeholder}
                onInput={(e) => setValue((e.target as HTMLInputElement).value)}
              />
            </label>
          )}
          <div class="dialog-buttons">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" class="primary">
              Confirm
            </button>
          </div>
        </form>
      </dialog>
      <h2>Fields</h2>
      <dl class="fields">
        {Object.entries(node)
          .filter(
            ([k]) =>
              k !== 'links' &&
              !k.endsWith('_links') &&
              k !== 'ports' &&
              k !== 'portgroups' &&
              k !== 'states' &&
              k !== 'volume',
          )
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{render(v)}</dd>
            </div>
          ))}
      </dl>
      <h2>Ports</h2>
      {ports.length === 0 ? (
        <p class="muted">No ports.</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">UUID</th>
              <th scope="col">PXE</th>
              <th scope="col">Physical network</th>
            </tr>
          </thead>
          <tbody>
            {ports.map((p) => (
              <tr key={String(p.uuid)}>
                <td class="mono">{String(p.address)}</td>
                <td class="mono">{String(p.uuid)}</td>
                <td>{p.pxe_enabled ? 'yes' : 'no'}</td>
                <td>{String(p.physical_network ?? '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>History</h2>
      {history.length === 0 ? (
        <p class="muted">No history.</p>
      ) : (
        <ol class="timeline">
          {history.map((h) => (
            <li key={String(h.uuid)} class={h.severity === 'ERROR' ? 'failed' : ''}>
              <time>{String(h.created_at)}</time> <strong>{String(h.event_type ?? '')}</strong>{' '}
              {String(h.event)}
            </li>
          ))}
        </ol>
      )}
      {hardware.map(([label, v]) => (
        <details key={label}>
          <summary>{label}</summary>
          <pre>{JSON.stringify(v, null, 2)}</pre>
        </details>
      ))}
    </section>
  );
}

function render(v: unknown) {
  if (v === null || v === undefined) return <span class="muted">—</span>;
  if (typeof v === 'object') {
    if (Object.keys(v).length === 0) return <span class="muted">{Array.isArray(v) ? '[]' : '{}'}</span>;
    return <pre>{JSON.stringify(v, null, 2)}</pre>;
  }
  return String(v);
}
