import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, type SimulatedMachine, startFleet } from '../src/index.js';
import { client, deadPort, imageServer, until } from './helpers.js';

let fleet: Fleet;
let images: Awaited<ReturnType<typeof imageServer>>;
beforeAll(async () => {
  images = await imageServer({
    '/boot.iso': Buffer.alloc(256 * 1024, 7),
    '/bios-2.3.1.bin': Buffer.alloc(64 * 1024, 1),
    '/bmc-fw.bin': Buffer.alloc(1024, 2),
  });
  fleet = await startFleet({ count: 1, updateStepMs: 20, downloadTimeoutMs: 5000 });
});
afterAll(async () => {
  await fleet.close();
  await images.close();
});

describe('VirtualMedia', () => {
  it('inserts (downloading the image) and ejects media under the Manager', async () => {
    const bmc = fleet.bmcs[0]!;
    const c = client(bmc);
    const manager = (await c.get(`/redfish/v1/Managers/${bmc.managerId}`)).body;
    const list = (await c.get(manager.VirtualMedia['@odata.id'])).body;
    expect(list.Members.map((m: { '@odata.id': string }) => m['@odata.id'].split('/').pop())).toEqual([
      'Cd',
      'Floppy',
    ]);
    const cdUri = list.Members[0]['@odata.id'];
    const cd = (await c.get(cdUri)).body;
    expect(cd.MediaTypes).toContain('CD');
    const insert = cd.Actions['#VirtualMedia.InsertMedia'].target;
    const before = images.hits.length;
    const r = await c.post(insert, { Image: `${images.url}/boot.iso`, Inserted: true, WriteProtected: true });
    expect(r.status).toBe(204);
    expect(images.hits.slice(before)).toEqual(['/boot.iso']);
    expect((await c.get(cdUri)).body).toMatchObject({
      Image: `${images.url}/boot.iso`,
      ImageName: 'boot.iso',
      Inserted: true,
      ConnectedVia: 'URI',
    });
    const machine = bmc.machine as SimulatedMachine;
    expect(machine.media.get('Cd')?.size).toBe(256 * 1024);
    // Also visible through the system's VirtualMedia.
    expect((await c.get(`${bmc.systemPath}/VirtualMedia/Cd`)).body.Inserted).toBe(true);
    const again = await c.post(insert, { Image: `${images.url}/boot.iso` });
    expect(again.status).toBe(409);
    expect((await c.post(cd.Actions['#VirtualMedia.EjectMedia'].target, {})).status).toBe(204);
    expect((await c.get(cdUri)).body).toMatchObject({
      Image: null,
      Inserted: false,
      ConnectedVia: 'NotConnected',
    });
    expect(machine.media.has('Cd')).toBe(false);
    expect((await c.post(cd.Actions['#VirtualMedia.EjectMedia'].target, {})).status).toBe(204);
  });

  it('fails InsertMedia when the image cannot be downloaded', async () => {
    const bmc = fleet.bmcs[0]!;
    const c = client(bmc);
    const insert = `/redfish/v1/Managers/${bmc.managerId}/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia`;
    const missing = await c.post(insert, { Image: `${images.url}/nope.iso` });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('HTTP status 404');
    const refused = await c.post(insert, { Image: `http://127.0.0.1:${await deadPort()}/x.iso` });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('could not connect');
    const nfs = await c.post(insert, { Image: 'nfs://server/x.iso' });
    expect(nfs.status).toBe(400);
    expect((await c.post(insert, {})).body.error.code).toBe('Base.1.8.ActionParameterMissing');
    expect((await c.get(`/redfish/v1/Managers/${bmc.managerId}/VirtualMedia/Cd`)).body.Inserted).toBe(false);
  });

  it('supports PATCH-style insert and eject', async () => {
    const bmc = fleet.bmcs[0]!;
    const c = client(bmc);
    const uri = `/redfish/v1/Managers/${bmc.managerId}/VirtualMedia/Floppy`;
    expect((await c.patch(uri, { Image: `${images.url}/boot.iso`, Inserted: true })).body.Inserted).toBe(
      true,
    );
    expect((await c.patch(uri, { Image: null })).body.Inserted).toBe(false);
  });
});

describe('UpdateService.SimpleUpdate', () => {
  it('runs as a Task with progress and updates the firmware inventory', async () => {
    const bmc = fleet.bmcs[0]!;
    const c = client(bmc);
    const svc = (await c.get('/redfish/v1/UpdateService')).body;
    const r = await c.post(svc.Actions['#UpdateService.SimpleUpdate'].target, {
      ImageURI: `${images.url}/bios-2.3.1.bin`,
      TransferProtocol: 'HTTP',
    });
    expect(r.status).toBe(202);
    const monitor = r.headers.get('location')!;
    expect(monitor).toMatch(/^\/redfish\/v1\/TaskService\/TaskMonitors\/\d+$/);
    expect(r.body.TaskState).toBe('Running');
    expect(r.body['@odata.id']).toBeUndefined();
    const percents: number[] = [];
    await until(async () => {
      const m = await c.get(monitor);
      percents.push(m.body.PercentComplete);
      return m.status === 200;
    });
    const task = (await c.get(r.body.TaskUri)).body;
    expect(task).toMatchObject({ TaskState: 'Completed', TaskStatus: 'OK', PercentComplete: 100 });
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect((await c.get('/redfish/v1/TaskService/Tasks')).body.Members).toContainEqual({
      '@odata.id': task['@odata.id'],
    });
    expect((await c.get(bmc.systemPath)).body.BiosVersion).toBe('2.3.1');
    const inv = await c.get(`/redfish/v1/UpdateService/FirmwareInventory/${bmc.systemId}-BIOS`);
    expect(inv.body.Version).toBe('2.3.1');

    const bmcFw = await c.post(svc.Actions['#UpdateService.SimpleUpdate'].target, {
      ImageURI: `${images.url}/bmc-fw.bin`,
      Targets: [`/redfish/v1/UpdateService/FirmwareInventory/${bmc.systemId}-BMC`],
    });
    await until(async () => (await c.get(bmcFw.headers.get('location')!)).status === 200);
    expect((await c.get(`/redfish/v1/Managers/${bmc.managerId}`)).body.FirmwareVersion).toBe('1.01');
  });

  it('ends the Task in Exception when the image is unreachable', async () => {
    const bmc = fleet.bmcs[0]!;
    const c = client(bmc);
    const r = await c.post('/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate', {
      ImageURI: `${images.url}/missing.bin`,
    });
    expect(r.status).toBe(202);
    await until(async () => (await c.get(r.headers.get('location')!)).status === 200);
    const task = (await c.get(r.body.TaskUri)).body;
    expect(task).toMatchObject({ TaskState: 'Exception', TaskStatus: 'Critical' });
    expect(task.Messages.at(-1).Message).toContain('404');
    const bad = await c.post('/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate', {
      ImageURI: 'x',
      Targets: ['/nope'],
    });
    expect(bad.status).toBe(400);
  });
});
