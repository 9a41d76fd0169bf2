import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient } from '../src/client/client.js';
import { SolConnection } from '../src/client/sol.js';
import { haveIpmiSim, haveSocat, SIM_PASSWORD, SIM_USER, SimFleet } from './harness/ipmi-sim.js';
import { eventually } from './helpers.js';

describe.skipIf(!haveIpmiSim() || !haveSocat())('Serial-over-LAN against ipmi_sim', () => {
  let fleet: SimFleet;
  let client: IpmiClient;
  beforeAll(async () => {
    fleet = await SimFleet.start(1, { sol: true });
    client = new IpmiClient({ timeoutMs: 300, retries: 2 });
  });
  afterAll(async () => {
    await client?.close();
    await fleet?.stop();
  });

  it('carries host output to the console and keystrokes to the host', { timeout: 20_000 }, async () => {
    const bmc = fleet.bmcs[0]!;
    const session = await client.openDedicatedSession({
      host: '127.0.0.1',
      port: bmc.port,
      username: SIM_USER,
      password: SIM_PASSWORD,
    });
    const sol = await SolConnection.open(session);
    const host = spawn('cat', [bmc.serialPath], { stdio: ['ignore', 'pipe', 'ignore'] });
    let fromConsole = '';
    host.stdout.on('data', (d: Buffer) => {
      fromConsole += d.toString();
    });
    let fromHost = '';
    sol.on('data', (d) => {
      fromHost += d.toString();
    });
    try {
      writeFileSync(bmc.serialPath, 'login: ');
      await eventually(() => fromHost.includes('login: '), 'host output reaches the console');
      const long = `root ${'x'.repeat(600)}\n`; // longer than one SOL packet
      await sol.write(Buffer.from(long));
      await eventually(() => fromConsole.includes(long), 'keystrokes reach the host');
    } finally {
      host.kill();
      await sol.close();
      await client.releaseDedicated(session);
    }
    expect(client.openSessions).toBe(0);
  });
});
