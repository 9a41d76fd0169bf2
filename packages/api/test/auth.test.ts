/** Authentication modes: noauth (loopback only), http_basic (bcrypt htpasswd), static bearer tokens. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, InvalidAuthConfig, isLoopbackHost, parseHtpasswd } from '../src/auth/index.js';
import { fault, startTestService, type TestService, V } from './helpers.js';

const run = promisify(execFile);
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('auth configuration', () => {
  it('allows noauth only on loopback', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(() => createAuthenticator({ strategy: 'noauth' }, '0.0.0.0')).toThrow(InvalidAuthConfig);
    expect(() => createAuthenticator({ strategy: 'noauth' }, '127.0.0.1')).not.toThrow();
  });

  it('refuses non-bcrypt htpasswd entries and empty token lists', () => {
    expect(() => parseHtpasswd('alice:{SHA}abc')).toThrow(/bcrypt/);
    expect(() => parseHtpasswd('garbage')).toThrow(/user:bcrypt-hash/);
    expect(
      parseHtpasswd('# comment\n\nbob:$2y$04$abcdefghijklmnopqrstuuq1uGgNWb3t4Gd.4cqIgk0AgXZP7aKkq').get(
        'bob',
      ),
    ).toMatch(/^\$2b\$/);
    expect(() => createAuthenticator({ strategy: 'token', tokens: [] }, '0.0.0.0')).toThrow(
      InvalidAuthConfig,
    );
  });

  it('refuses to start a noauth service on a non-loopback address', async () => {
    await expect(startTestService({ host: '0.0.0.0' })).rejects.toThrow(/noauth/);
  });
});

describe('http_basic', () => {
  let svc: TestService;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferric-htpasswd-'));
    const file = join(dir, 'htpasswd');
    writeFileSync(file, `admin:${bcrypt.hashSync('correct horse', 4).replace(/^\$2b\$/, '$2y$')}\n`);
    svc = await startTestService({ auth: { strategy: 'http_basic', htpasswdFile: file } });
  });
  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the right password and refuses others with 401 and a challenge', async () => {
    const ok = await svc.api.inject({
      url: '/v1/nodes',
      headers: { ...V, authorization: basic('admin', 'correct horse') },
    });
    expect(ok.statusCode).toBe(200);
    for (const authorization of [
      undefined,
      basic('admin', 'wrong'),
      basic('nobody', 'correct horse'),
      'Basic !!!',
      'Bearer x',
    ]) {
      const r = await svc.api.inject({
        url: '/v1/nodes',
        headers: { ...V, ...(authorization ? { authorization } : {}) },
      });
      expect(r.statusCode).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Basic/);
      expect(fault(r.body).faultcode).toBe('Client');
    }
  });

  it('keeps the version documents and agent lookup public', async () => {
    expect((await svc.api.inject({ url: '/' })).statusCode).toBe(200);
    expect((await svc.api.inject({ url: '/v1' })).statusCode).toBe(200);
    expect(
      (await svc.api.inject({ url: '/v1/lookup?addresses=52:54:00:00:00:99', headers: V })).statusCode,
    ).toBe(404);
  });

  it.skipIf(!existsSync('/usr/bin/baremetal'))('works with the real CLI', { timeout: 60_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'ferric-cli-home-'));
    try {
      const env = { PATH: '/usr/bin:/bin', HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
      const args = [
        '/usr/bin/baremetal',
        '--os-endpoint',
        svc.url,
        '--os-auth-type',
        'http_basic',
        '--os-username',
        'admin',
      ];
      const { stdout } = await run(
        '/usr/bin/python3',
        [...args, '--os-password', 'correct horse', 'driver', 'list', '-f', 'json'],
        { env },
      );
      expect(stdout).toContain('fake-hardware');
      await expect(
        run('/usr/bin/python3', [...args, '--os-password', 'nope', 'driver', 'list'], { env }),
      ).rejects.toThrow(/401|authentication/i);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('static bearer tokens', () => {
  let svc: TestService;
  const token = 'ferric-test-token-0123456789abcdef';
  beforeAll(async () => {
    svc = await startTestService({
      auth: { strategy: 'token', tokens: ['another-token-000000000000', token] },
    });
  });
  afterAll(async () => svc?.close());

  it('accepts Authorization: Bearer and X-Auth-Token, refuses anything else', async () => {
    expect(
      (await svc.api.inject({ url: '/v1/nodes', headers: { ...V, authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await svc.api.inject({ url: '/v1/nodes', headers: { ...V, 'x-auth-token': token } })).statusCode,
    ).toBe(200);
    for (const authorization of [
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      'Bearer ',
      basic('a', token),
    ]) {
      expect((await svc.api.inject({ url: '/v1/nodes', headers: { ...V, authorization } })).statusCode).toBe(
        401,
      );
    }
    expect(svc.logs.join('\n')).not.toContain(token);
  });
});
