import { createServer, type Server, type Socket } from 'node:net';
import {
  type ConsoleInfo,
  ConsoleInterface,
  MissingParameterValue,
  type PropertyDescriptions,
  type Task,
} from '@ferric/core';
import type { IpmiSession } from './client/session.js';
import { SolConnection } from './client/sol.js';
import { getDeviceId } from './commands/app.js';
import { IPMI_PROPERTIES, type IpmiDriverInfo, parseDriverInfo } from './driver-info.js';
import { sharedIpmiClient, targetOf } from './native-backend.js';

interface RunningConsole {
  server: Server;
  address: string;
  port: number;
  client?: Socket;
}

/** Consoles by node UUID: interface implementations are singletons, the state lives here. */
const running = new Map<string, RunningConsole>();

/** Keep-alive period for an open SOL session: well under BMC session timeouts (often 60 s). */
const KEEPALIVE_MS = 20_000;

/**
 * `ipmitool-socat` console (Ironic's name): a TCP listener on
 * `ipmi_terminal_port` that bridges one client at a time to the node's serial
 * console over IPMI Serial-over-LAN. Like Ironic's socat console, SOL is
 * activated per connection (and taken over if a stale one is active), so no
 * BMC session is held while nobody watches. Uses the native client.
 * @public
 */
export class IpmitoolSocatConsole extends ConsoleInterface {
  getProperties(): PropertyDescriptions {
    return {
      ...IPMI_PROPERTIES,
      ipmi_terminal_port: {
        description: 'TCP port the console listens on. Required for the console.',
        required: true,
      },
      ipmi_terminal_bind_address: {
        description: 'Address the console listens on. Optional, default 127.0.0.1.',
      },
    };
  }

  validate(task: Task): void {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    if (info.terminalPort === undefined) {
      throw new MissingParameterValue(
        'The following parameters were missing in driver_info: ipmi_terminal_port.',
        {
          details: { missing: ['ipmi_terminal_port'] },
        },
      );
    }
  }

  async startConsole(task: Task): Promise<void> {
    this.validate(task);
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    await this.stopConsole(task);
    const address = bindAddress(task);
    const port = info.terminalPort!;
    const entry: RunningConsole = { server: createServer(), address, port };
    const log = task.logger.child({ node: task.node.uuid, console: `${address}:${port}` });
    entry.server.on('connection', (socket) => {
      if (entry.client) {
        socket.end('Console already in use.\r\n');
        return;
      }
      entry.client = socket;
      bridge(socket, info).catch((err: unknown) => {
        log.warn({ err: (err as Error).message }, 'SOL console connection failed');
        socket.destroy();
      });
      socket.once('close', () => {
        if (entry.client === socket) entry.client = undefined;
      });
    });
    await new Promise<void>((resolve, reject) => {
      entry.server.once('error', reject);
      entry.server.listen(port, address, () => {
        entry.server.off('error', reject);
        resolve();
      });
    });
    running.set(task.node.uuid, entry);
    log.info('SOL console started');
  }

  async stopConsole(task: Task): Promise<void> {
    const entry = running.get(task.node.uuid);
    if (!entry) return;
    running.delete(task.node.uuid);
    entry.client?.destroy();
    await new Promise<void>((resolve) => entry.server.close(() => resolve()));
  }

  async getConsole(task: Task): Promise<ConsoleInfo> {
    const info = parseDriverInfo(task.node.driverInfo, task.node.uuid);
    const entry = running.get(task.node.uuid);
    const address = entry?.address ?? bindAddress(task);
    return { type: 'socat', url: `tcp://${address}:${entry?.port ?? info.terminalPort}` };
  }
}

function bindAddress(task: Task): string {
  const raw = task.node.driverInfo.ipmi_terminal_bind_address;
  return typeof raw === 'string' && raw !== '' ? raw : '127.0.0.1';
}

/** Bridge one TCP client to SOL until either side ends. */
async function bridge(socket: Socket, info: IpmiDriverInfo): Promise<void> {
  const client = sharedIpmiClient(info.requestTimeoutMs, info.retries);
  socket.pause();
  let session: IpmiSession | undefined;
  let sol: SolConnection | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  const finish = async () => {
    if (keepAlive) clearInterval(keepAlive);
    await sol?.close();
    if (session) await client.releaseDedicated(session);
    socket.destroy();
  };
  try {
    session = await client.openDedicatedSession(targetOf(info));
    sol = await SolConnection.open(session);
  } catch (err) {
    await finish();
    throw err;
  }
  const active = sol;
  const s = session;
  active.on('data', (d) => socket.write(d));
  active.once('close', () => void finish());
  socket.on('data', (d: Buffer) => {
    active.write(d).catch(() => void finish());
  });
  socket.once('close', () => void finish());
  socket.once('error', () => void finish());
  keepAlive = setInterval(() => {
    getDeviceId(s).catch(() => void finish());
  }, KEEPALIVE_MS);
  keepAlive.unref();
  socket.resume();
}
