import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers.js';

/** Ironic's texts say "Required." themselves; a description that already says it is not marked twice. */
describe('GET /v1/drivers/{name}/properties', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({
      plugins: ['@ferric/drivers-ipmi'],
      conductor: { enabledHardwareTypes: ['fake-hardware', 'ipmi'] },
    });
  });
  afterAll(() => svc?.close());

  it('marks required keys once, whether or not the description already says "Required."', async () => {
    const res = await fetch(`${svc.url}/v1/drivers/ipmi/properties`);
    expect(res.status, await res.clone().text()).toBe(200);
    const props = (await res.json()) as Record<string, string>;
    expect(props.ipmi_address).toBe('IP address or host name of the BMC. Required.');
    for (const [key, text] of Object.entries(props)) expect(text, key).not.toMatch(/Required\.\s+Required\./);
  });
});
