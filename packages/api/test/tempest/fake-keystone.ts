/**
 * A minimal Keystone (identity v3) for running OpenStack tempest against a no-auth Ferric.
 *
 * Tempest cannot run without an identity service: it authenticates every account it uses and reads
 * the service catalog to find the `baremetal` endpoint. This server answers the two things it asks
 * for — version discovery (`GET /`, `GET /v3`) and `POST /v3/auth/tokens` — and nothing else. The
 * token it issues is opaque and never checked by Ferric (which runs without auth here); what matters
 * is the catalog, which points `baremetal` at the server under test.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One account the fake Keystone accepts, and how its tokens are scoped. */
export interface FakeKeystoneAccount {
  username: string;
  password: string;
  /** Project-scoped account (tempest's `admin`): the project's name. */
  project?: string;
  /** System-scoped account (tempest's `system_admin`). */
  system?: boolean;
  roles: string[];
}

/** A running fake Keystone. */
export interface FakeKeystone {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the v3 API is under `/v3`). */
  url: string;
  /** Number of tokens issued (lets a test see that tempest really authenticated). */
  readonly tokensIssued: number;
  close(): Promise<void>;
}

/** Options of {@link startFakeKeystone}. */
export interface FakeKeystoneOptions {
  /** The bare-metal endpoint the catalog advertises (the server under test). */
  baremetalUrl: string;
  accounts: readonly FakeKeystoneAccount[];
  region?: string;
}

const DOMAIN = { id: 'default', name: 'Default' } as const;

interface AuthRequest {
  auth?: {
    identity?: {
      methods?: string[];
      password?: { user?: { name?: string; id?: string; password?: string } };
    };
    scope?: { project?: { name?: string; id?: string }; system?: Record<string, boolean> };
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function unauthorized(res: ServerResponse, message: string): void {
  send(res, 401, { error: { code: 401, title: 'Unauthorized', message } });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/** Starts the fake Keystone on 127.0.0.1 (ephemeral port). */
export async function startFakeKeystone(options: FakeKeystoneOptions): Promise<FakeKeystone> {
  const region = options.region ?? 'RegionOne';
  let tokensIssued = 0;
  let base = '';

  const versionV3 = () => ({
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  });

  const endpoints = (url: string) =>
    ['public', 'internal', 'admin'].map((iface) => ({
      id: randomUUID().replaceAll('-', ''),
      interface: iface,
      region,
      region_id: region,
      url,
    }));

  const catalog = () => [
    { id: 'baremetal', type: 'baremetal', name: 'ironic', endpoints: endpoints(options.baremetalUrl) },
    { id: 'identity', type: 'identity', name: 'keystone', endpoints: endpoints(`${base}/v3`) },
  ];

  const issueToken = async (req: IncomingMessage, res: ServerResponse) => {
    let body: AuthRequest;
    try {
      body = (await readJson(req)) as AuthRequest;
    } catch {
      return send(res, 400, { error: { code: 400, title: 'Bad Request', message: 'Malformed JSON' } });
    }
    const user = body.auth?.identity?.password?.user;
    const account = options.accounts.find(
      (a) => (a.username === user?.name || a.username === user?.id) && a.password === user?.password,
    );
    if (!account) return unauthorized(res, 'The request you have made requires authentication.');
    const scope = body.auth?.scope;
    const now = new Date();
    const token: Record<string, unknown> = {
      methods: ['password'],
      issued_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
      audit_ids: [randomUUID()],
      user: { id: account.username, name: account.username, domain: DOMAIN, password_expires_at: null },
    };
    if (scope?.system) {
      if (!account.system) return unauthorized(res, 'User has no access to the system scope.');
      token.system = { all: true };
    } else if (scope?.project) {
      const wanted = scope.project.name ?? scope.project.id;
      if (!account.project || wanted !== account.project) {
        return unauthorized(res, `User has no access to project ${wanted}.`);
      }
      token.project = { id: account.project, name: account.project, domain: DOMAIN };
    }
    if (scope) {
      token.roles = account.roles.map((r) => ({ id: r, name: r }));
      token.catalog = catalog();
    }
    tokensIssued++;
    send(res, 201, { token }, { 'x-subject-token': `fake-${randomUUID()}` });
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]?.replace(/\/+$/, '') ?? '';
    if (req.method === 'GET' && path === '') {
      return send(res, 300, { versions: { values: [versionV3()] } });
    }
    if (req.method === 'GET' && path === '/v3') return send(res, 200, { version: versionV3() });
    if (req.method === 'POST' && path === '/v3/auth/tokens') {
      issueToken(req, res).catch(() =>
        send(res, 500, { error: { code: 500, message: 'fake keystone failed' } }),
      );
      return;
    }
    send(res, 404, {
      error: { code: 404, title: 'Not Found', message: `${req.method} ${path} is not faked` },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    get tokensIssued() {
      return tokensIssued;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
