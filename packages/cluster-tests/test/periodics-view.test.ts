/**
 * The periodic tasks of every conductor of a cluster, seen from an API process that runs none:
 * `GET /v1/ferric/conductors/{hostname}/periodics` goes over conductor RPC to that conductor's process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessCluster } from '../src/cluster-harness.js';
import { waitFor } from '../src/services.js';

const CONDUCTORS = ['per-1', 'per-2'];
const TIMEOUTS = '@ferric/conductor:ConductorManager.checkWaitTimeouts';

interface View {
  hostname: string;
  periodics: { id: string; name: string; runs: number; last_started_at: string | null }[];
}

describe.each(['json-rpc', 'amqp'] as const)('periodics view of separate processes over %s', (transport) => {
  const cluster = new ProcessCluster(transport);

  beforeAll(async () => {
    await cluster.setup();
    await Promise.all(CONDUCTORS.map((c) => cluster.spawn(c, 'conductor')));
    await cluster.spawn('api-p', 'api');
  }, 120_000);
  afterAll(() => cluster.teardown(), 120_000);

  it("shows each conductor's own periodic tasks and their runs", async () => {
    // A conductor answers only for its own host name, so a call delivered to the wrong process fails.
    for (const host of CONDUCTORS) {
      const view = (await waitFor(async () => {
        const r = await cluster.api('GET', `/v1/ferric/conductors/${host}/periodics`);
        if (r.status !== 200) return undefined;
        const v = r.json as View;
        return (v.periodics.find((p) => p.id === TIMEOUTS)?.runs ?? 0) >= 2 ? v : undefined;
      }, `periodics of ${host} with runs`))!;
      expect(view.hostname).toBe(host);
      expect(view.periodics.map((p) => p.name)).toEqual(
        expect.arrayContaining(['ConductorManager.syncPowerStates', 'ConductorManager.syncLocalState']),
      );
    }
    expect((await cluster.api('GET', '/v1/ferric/conductors/nope/periodics')).status).toBe(404);
  });
});
