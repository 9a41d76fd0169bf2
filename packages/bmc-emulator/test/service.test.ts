import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from '../src/index.js';
import { client } from './helpers.js';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ count: 1 });
});
afterAll(() => fleet.close());

const bmc = () => fleet.bmcs[0]!;

describe('Redfish service basics', () => {
  it('serves /redfish and the ServiceRoot without authentication', async () => {
    const anon = client({ ...bmc(), username: 'x', password: 'y' });
    const versions = await anon.get('/redfish');
    expect(versions.body).toEqual({ v1: '/redfish/v1/' });
    const root = await anon.get('/redfish/v1/');
    expect(root.status).toBe(200);
    expect(root.headers.get('odata-version')).toBe('4.0');
    expect(root.body['@odata.id']).toBe('/redfish/v1/');
    expect(root.body['@odata.type']).toMatch(/^#ServiceRoot\.v1_\d+_\d+\.ServiceRoot$/);
    expect(root.body['@odata.context']).toBe('/redfish/v1/$metadata#ServiceRoot.ServiceRoot');
    for (const k of ['Systems', 'Managers', 'Chassis', 'SessionService', 'Tasks', 'UpdateService']) {
      expect(root.body[k]['@odata.id']).toMatch(/^\/redfish\/v1\//);
    }
    expect((await anon.get('/redfish/v1')).status).toBe(200);
  });

  it('requires credentials elsewhere and answers 401 with a Redfish error', async () => {
    const bad = client({ ...bmc(), password: 'wrong' });
    const r = await bad.get('/redfish/v1/Systems');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('Basic');
    expect(r.body.error['@Message.ExtendedInfo'][0].MessageId).toBe('Base.1.8.NoValidSession');
    const none = await fetch(`${bmc().url}/redfish/v1/Systems`);
    expect(none.status).toBe(401);
  });

  it('logs in with SessionService, uses X-Auth-Token, logs out with DELETE', async () => {
    const basic = client(bmc());
    const login = await fetch(`${bmc().url}/redfish/v1/SessionService/Sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ UserName: bmc().username, Password: bmc().password }),
    });
    expect(login.status).toBe(201);
    const token = login.headers.get('x-auth-token')!;
    const location = login.headers.get('location')!;
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(location).toMatch(/^\/redfish\/v1\/SessionService\/Sessions\/\d+$/);
    const session = client(bmc(), token);
    expect((await session.get('/redfish/v1/Systems')).status).toBe(200);
    const list = await session.get('/redfish/v1/SessionService/Sessions');
    expect(list.body.Members).toContainEqual({ '@odata.id': location });
    expect((await session.get(location)).body.UserName).toBe('admin');
    expect((await session.delete(location)).status).toBe(204);
    expect((await session.get('/redfish/v1/Systems')).status).toBe(401);
    expect((await basic.get(location)).status).toBe(404);
  });

  it('rejects a login with wrong credentials or missing fields', async () => {
    const post = (body: unknown) =>
      fetch(`${bmc().url}/redfish/v1/SessionService/Sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const wrong = await post({ UserName: 'admin', Password: 'nope' });
    expect(wrong.status).toBe(401);
    const missing = await post({ UserName: 'admin' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'Base.1.8.ActionParameterMissing',
    );
  });

  it('expires idle sessions after SessionTimeout and on demand', async () => {
    const c = client(bmc());
    const r = await c.post('/redfish/v1/SessionService/Sessions', {
      UserName: 'admin',
      Password: 'password',
    });
    const token = r.headers.get('x-auth-token')!;
    expect((await client(bmc(), token).get('/redfish/v1/Systems')).status).toBe(200);
    bmc().expireSessions();
    expect((await client(bmc(), token).get('/redfish/v1/Systems')).status).toBe(401);
    expect((await c.patch('/redfish/v1/SessionService', { SessionTimeout: 5 })).status).toBe(400);
    const ok = await c.patch('/redfish/v1/SessionService', { SessionTimeout: 60 });
    expect(ok.body.SessionTimeout).toBe(60);
  });

  it('sends ETags, honours If-None-Match (304) and If-Match (412)', async () => {
    const c = client(bmc());
    const path = bmc().systemPath;
    const first = await c.get(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect((await c.get(path, { 'If-None-Match': etag })).status).toBe(304);
    const stale = await c.patch(path, { AssetTag: 'a' }, { 'If-Match': '"deadbeef"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error['@Message.ExtendedInfo'][0].MessageId).toBe('Base.1.8.PreconditionFailed');
    const good = await c.patch(path, { AssetTag: 'rack-7' }, { 'If-Match': `W/${etag}` });
    expect(good.status).toBe(200);
    expect(good.body.AssetTag).toBe('rack-7');
    expect(good.headers.get('etag')).not.toBe(etag);
    expect((await c.patch(path, { AssetTag: 'b' }, { 'If-Match': etag })).status).toBe(412);
    expect((await c.patch(path, { AssetTag: 'c' }, { 'If-Match': '*' })).status).toBe(200);
  });

  it('returns Redfish errors for unknown resources, wrong methods, bad JSON and bad properties', async () => {
    const c = client(bmc());
    const missing = await c.get('/redfish/v1/Systems/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error['@Message.ExtendedInfo']).toHaveLength(1);
    const method = await c.call('DELETE', bmc().systemPath);
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toContain('PATCH');
    const malformed = await c.call('PATCH', bmc().systemPath, '{"Boot":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('Base.1.8.MalformedJSON');
    const readOnly = await c.patch(bmc().systemPath, { PowerState: 'On' });
    expect(readOnly.body.error.code).toBe('Base.1.8.PropertyNotWritable');
    const unknown = await c.patch(bmc().systemPath, { Foo: 1 });
    expect(unknown.body.error.code).toBe('Base.1.8.PropertyUnknown');
  });

  it('navigates every link of the tree to a resource whose @odata.id is its URI', async () => {
    const c = client(bmc());
    const seen = new Set<string>();
    const queue = ['/redfish/v1/'];
    const links = (v: unknown, out: string[]): void => {
      if (Array.isArray(v)) for (const x of v) links(x, out);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '@odata.id' && typeof x === 'string' && !x.includes('#')) out.push(x);
          else links(x, out);
        }
      }
    };
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const r = await c.get(path);
      expect(r.status, path).toBe(200);
      expect(r.body['@odata.id'], path).toBe(path);
      expect(r.body['@odata.type'], path).toMatch(/^#\w+\.(v\d+_\d+_\d+\.)?\w+$/);
      expect(r.body['@odata.context'], path).toMatch(/^\/redfish\/v1\/\$metadata#/);
      const out: string[] = [];
      links(r.body, out);
      queue.push(...out);
    }
    expect(seen.size).toBeGreaterThan(30);
  });
});
