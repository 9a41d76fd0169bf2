import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { startService } from '../src/service.js';

it('embeds a conductor with the fake and the ACME drivers', async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const dir = mkdtempSync(join(tmpdir(), 'ferric-example-'));
  const conductor = await startService(join(dir, 'ferric.sqlite'));
  try {
    const fake = await conductor.rpc.createNode({ node: { driver: 'fake-hardware', name: 'f1' } });
    const acme = await conductor.rpc.createNode({
      node: {
        driver: 'acme',
        name: 'a1',
        driverInfo: { acme_address: '127.0.0.1', acme_username: 'u', acme_password: 'p' },
      },
    });
    expect(acme.powerInterface).toBe('acme');
    await conductor.rpc.doProvisioningAction({ node: fake.uuid, verb: 'manage' });
    for (
      let i = 0;
      i < 500 && (await conductor.inventory.getNode('f1')).provisionState !== 'manageable';
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await conductor.inventory.getNode('f1')).provisionState).toBe('manageable');
    expect(conductor.listPeriodics().map((p) => p.name)).toContain('AcmeHardware.reportFleetHealth');
  } finally {
    await conductor.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
