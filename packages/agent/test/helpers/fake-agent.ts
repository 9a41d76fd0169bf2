import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentCommandResult } from '../../src/client/agent-client.js';

/** An in-process stand-in for the ramdisk agent's command API. */
export interface FakeAgent {
  url: string;
  token: string;
  /** Commands received: name and params. */
  received: { name: string; params: Record<string, unknown>; wait: boolean }[];
  /** Current results by id (tests flip their status). */
  results: Map<string, AgentCommandResult>;
  /** When set, POST answers 409 (a command already runs). */
  busy: boolean;
  close(): Promise<void>;
}

export async function startFakeAgent(token = 'fake-agent-token-0123456789abcdef'): Promise<FakeAgent> {
  const agent: FakeAgent = {
    url: '',
    token,
    received: [],
    results: new Map(),
    busy: false,
    close: async () => undefined,
  };
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, body: unknown) => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      if (url.searchParams.get('agent_token') !== token) return send(401, { message: 'bad token' });
      if (req.method === 'POST' && url.pathname === '/v1/commands/') {
        if (agent.busy) return send(409, { message: 'busy' });
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          name: string;
          params: Record<string, unknown>;
        };
        const wait = url.searchParams.get('wait') === 'true';
        agent.received.push({ ...body, wait });
        const id = `cmd-${++n}`;
        const result: AgentCommandResult = {
          id,
          command_name: body.name,
          command_status: wait ? 'SUCCEEDED' : 'RUNNING',
          command_error: null,
          command_result: wait ? {} : null,
        };
        agent.results.set(id, result);
        return send(200, result);
      }
      if (req.method === 'GET' && url.pathname === '/v1/commands/') {
        return send(200, { commands: [...agent.results.values()] });
      }
      if (req.method === 'GET' && url.pathname.startsWith('/v1/commands/')) {
        const r = agent.results.get(url.pathname.slice('/v1/commands/'.length));
        return r ? send(200, r) : send(404, { message: 'no such command' });
      }
      return send(404, { message: 'no route' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  agent.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return agent;
}
