import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from '../src/index.js';
import { client, until } from './helpers.js';

let fleet: Fleet;
const received: { Context: string; Events: { EventType: string; Message: string }[] }[] = [];
const listener = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    received.push(JSON.parse(body));
    res.writeHead(204).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  fleet = await startFleet({ count: 1 });
});
afterAll(async () => {
  await fleet.close();
  await new Promise<void>((r) => {
    listener.close(() => r());
    listener.closeAllConnections();
  });
});

describe('EventService', () => {
  it('creates, delivers to and deletes subscriptions', async () => {
    const bmc = fleet.bmcs[0]!;
    const c = client(bmc);
    const svc = (await c.get('/redfish/v1/EventService')).body;
    expect(svc.EventTypesForSubscription).toContain('Alert');
    const destination = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/events`;
    const created = await c.post(svc.Subscriptions['@odata.id'], {
      Destination: destination,
      Context: 'ferric-node-1',
      Protocol: 'Redfish',
      EventTypes: ['Alert'],
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect((await c.get(location)).body).toMatchObject({
      Destination: destination,
      Context: 'ferric-node-1',
    });
    expect((await c.get(svc.Subscriptions['@odata.id'])).body.Members).toEqual([{ '@odata.id': location }]);
    const submit = svc.Actions['#EventService.SubmitTestEvent'].target;
    expect((await c.post(submit, { EventType: 'Alert', Message: 'hello' })).status).toBe(204);
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({
      Context: 'ferric-node-1',
      Events: [{ EventType: 'Alert', Message: 'hello' }],
    });
    expect((await c.post(svc.Subscriptions['@odata.id'], { Destination: 'ftp://x' })).status).toBe(400);
    expect((await c.post(svc.Subscriptions['@odata.id'], {})).status).toBe(400);
    expect((await c.delete(location)).status).toBe(204);
    expect((await c.get(location)).status).toBe(404);
  });
});
