// An integrator's provisioning service with an embedded Ferric conductor.
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { createConductor } from '@ferric/conductor';
import acme from 'ferric-driver-acme';

/** Starts the service on a SQLite file; returns the running conductor. */
export async function startService(database = process.env.FERRIC_DB ?? './ferric.sqlite') {
  const conductor = createConductor({
    database: { sqlite: database },
    plugins: [acme],
    config: {
      enabledHardwareTypes: ['fake-hardware', 'acme'],
      enabledBootInterfaces: ['fake'],
      enabledDeployInterfaces: ['fake'],
      heartbeatInterval: 5,
      heartbeatTimeout: 30,
    },
  });
  conductor.events.on('node.provisionStateChanged', (e) => console.log(`${e.node}: ${e.from} → ${e.to}`));
  await conductor.start();
  return conductor;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const conductor = await startService();
  const node = await conductor.rpc.createNode({ node: { driver: 'fake-hardware', name: 'demo' } });
  await conductor.rpc.doProvisioningAction({ node: node.uuid, verb: 'manage' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void conductor.stop());
}
