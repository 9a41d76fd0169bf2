/** /metrics of `ferric serve`: the same auth as the API, figures that follow nodes moved through the REST API. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers.js';

/** The value of one series in a Prometheus text exposition (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('GET /metrics on ferric serve (http_basic)', () => {
  let svc: TestService;
  let dir: string;
  const auth = `Basic ${Buffer.from('admin:correct horse').toString('base64')}`;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${svc.url}${path}`, {
      method,
      headers: {
        Authorization: auth,
        'X-OpenStack-Ironic-API-Version': 'latest',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 || res.status === 202
      ? undefined
      : ((await res.json()) as Record<string, unknown>);
  };
  const scrape = async () => {
    const res = await fetch(`${svc.url}/metrics`, { headers: { Authorization: auth } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const until = async (node: string, state: string) => {
    for (let i = 0; i < 400; i++) {
      const n = (await api('GET', `/v1/nodes/${node}`))!;
      if (n.provision_state === state && n.reservation === null) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${node} never reached ${state}`);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferric-metrics-'));
    const file = join(dir, 'htpasswd');
    writeFileSync(file, `admin:${bcrypt.hashSync('correct horse', 4)}\n`);
    svc = await startTestService({
      auth: { strategy: 'http_basic', htpasswdFile: file },
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the API credentials', async () => {
    const res = await fetch(`${svc.url}/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await fetch(`${svc.url}/metrics`, {
      headers: { Authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
  });

  it('follows a node created → available → active through the REST API', async () => {
    const node = (await api('POST', '/v1/nodes', { name: 'm1', driver: 'fake-hardware' }))!;
    const uuid = String(node.uuid);
    let text = '';
    for (let i = 0; i < 100; i++) {
      text = await scrape();
      if (sample(text, 'ferric_nodes', { provision_state: 'enroll' }) === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(sample(text, 'ferric_nodes', { provision_state: 'enroll', process: 'serve' })).toBe(1);
    expect(sample(text, 'ferric_nodes', { provision_state: 'available' })).toBe(0);
    expect(
      sample(text, 'ferric_api_requests_total', { route: '/v1/nodes', method: 'POST', status: '201' }),
    ).toBe(1);

    await api('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'manage' });
    await until(uuid, 'manageable');
    await api('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'provide' });
    await until(uuid, 'available');
    text = await scrape();
    expect(sample(text, 'ferric_nodes', { provision_state: 'enroll' })).toBe(0);
    expect(sample(text, 'ferric_nodes', { provision_state: 'available' })).toBe(1);

    await api('PATCH', `/v1/nodes/${uuid}`, [
      { op: 'add', path: '/instance_info/image_source', value: 'http://example.invalid/image.qcow2' },
    ]);
    await api('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'active' });
    await until(uuid, 'active');
    text = await scrape();
    expect(sample(text, 'ferric_nodes', { provision_state: 'available' })).toBe(0);
    expect(sample(text, 'ferric_nodes', { provision_state: 'active' })).toBe(1);
    expect(sample(text, 'ferric_provision_transitions_total', { verb: 'deploy', result: 'ok' })).toBe(1);
    expect(
      sample(text, 'ferric_api_requests_total', {
        route: '/v1/nodes/:node_ident/states/provision',
        method: 'PUT',
        status: '202',
      }),
    ).toBe(3);
    expect(sample(text, 'ferric_worker_pool_size')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('is not part of the OpenAPI document', async () => {
    const doc = (await api('GET', '/v1/openapi.json'))! as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
    expect(Object.keys(doc.paths)).toContain('/v1/nodes');
  });
});
