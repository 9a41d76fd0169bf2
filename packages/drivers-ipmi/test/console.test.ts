import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { isFerricError } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmitoolSocatConsole } from '../src/console.js';
import { closeSharedIpmiClients, sharedIpmiClient } from '../src/native-backend.js';
import { haveIpmiSim, haveSocat, SimFleet } from './harness/ipmi-sim.js';
import { driverInfoFor, eventually } from './helpers.js';

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ipmitool-socat console: validation', () => {
  it('needs ipmi_terminal_port', () => {
    const task = createTestTask({ driverInfo: { ipmi_address: '10.0.0.1' } }, { driver: {} as never });
    let err: unknown;
    try {
      new IpmitoolSocatConsole().validate(task);
    } catch (e) {
      err = e;
    }
    expect(isFerricError(err) && err.code).toBe('MissingParameterValue');
    expect((err as Error).message).toMatch(/ipmi_terminal_port/);
  });
});

describe.skipIf(!haveIpmiSim() || !haveSocat())('ipmitool-socat console against ipmi_sim', () => {
  let fleet: SimFleet;
  beforeAll(async () => {
    fleet = await SimFleet.start(1, { sol: true });
  });
  afterAll(async () => {
    await closeSharedIpmiClients();
    await fleet?.stop();
  });

  it('serves the serial console over TCP through SOL, one client at a time', {
    timeout: 20_000,
  }, async () => {
    const bmc = fleet.bmcs[0]!;
    const port = await freeTcpPort();
    const task = createTestTask(
      { driverInfo: driverInfoFor(bmc, { ipmi_terminal_port: port }) },
      { driver: {} as never },
    );
    const console_ = new IpmitoolSocatConsole();
    await console_.startConsole(task);
    expect(await console_.getConsole(task)).toEqual({ type: 'socat', url: `tcp://127.0.0.1:${port}` });
    const host = spawn('cat', [bmc.serialPath], { stdio: ['ignore', 'pipe', 'ignore'] });
    let typed = '';
    host.stdout.on('data', (d: Buffer) => {
      typed += d.toString();
    });
    const socket = connect(port, '127.0.0.1');
    let seen = '';
    socket.on('data', (d: Buffer) => {
      seen += d.toString();
    });
    try {
      // SOL is activated per connection: wait until the BMC session exists before the host talks.
      const client = sharedIpmiClient(300, 2);
      await eventually(() => client.openSessions === 1, 'SOL session opened');
      // Until Activate Payload completes the BMC drops serial output, so the host repeats its prompt.
      await eventually(() => {
        if (seen.includes('node07 login: ')) return true;
        writeFileSync(bmc.serialPath, 'node07 login: ');
        return false;
      }, 'host output reaches the TCP client');
      socket.write('root\n');
      await eventually(() => typed.includes('root\n'), 'keystrokes reach the host');

      const second = connect(port, '127.0.0.1');
      let refused = '';
      second.on('data', (d: Buffer) => {
        refused += d.toString();
      });
      await eventually(() => refused.includes('already in use'), 'second client refused');
      second.destroy();
    } finally {
      host.kill();
      socket.destroy();
      await console_.stopConsole(task);
    }
    await eventually(() => sharedIpmiClient(300, 2).openSessions === 0, 'SOL session released');
  });
});
