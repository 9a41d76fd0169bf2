/** Unit tests: version parsing, masking, JSON Patch rules, serve configuration and the CLI front end. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { InvalidServeConfig, loadServeConfig } from '../src/config.js';
import { errorBody } from '../src/errors.js';
import { MASK, SecretMasker } from '../src/masking.js';
import { applyResourcePatch } from '../src/patch.js';
import { MAX_MINOR, parseRequestedVersion } from '../src/versioning.js';

describe('parseRequestedVersion', () => {
  it.each([
    [{}, 1],
    [{ 'x-openstack-ironic-api-version': '1.78' }, 78],
    [{ 'x-openstack-ironic-api-version': 'latest' }, MAX_MINOR],
    [{ 'x-openstack-ironic-api-version': 'LATEST' }, MAX_MINOR],
    [{ 'openstack-api-version': 'baremetal 1.40' }, 40],
    [{ 'openstack-api-version': 'compute 2.1, baremetal 1.31' }, 31],
    [{ 'openstack-api-version': 'compute 2.1', 'x-openstack-ironic-api-version': '1.9' }, 9],
    [{ 'openstack-api-version': 'baremetal 1.20', 'x-openstack-ironic-api-version': '1.9' }, 20],
  ])('%j → 1.%i', (headers, minor) => {
    expect(parseRequestedVersion(headers)).toEqual({ ok: true, minor });
  });
  it.each([`1.${MAX_MINOR + 1}`, '1.0', '2.1', '1', 'x', '1.1.1', ''])('refuses %j', (v) => {
    expect(parseRequestedVersion({ 'x-openstack-ironic-api-version': v }).ok).toBe(false);
  });
});

describe('errorBody', () => {
  it('double-encodes the fault', () => {
    const body = errorBody(409, 'Node x is locked');
    expect(JSON.parse(body.error_message)).toEqual({
      faultcode: 'Client',
      faultstring: 'Node x is locked',
      debuginfo: null,
    });
    expect(JSON.parse(errorBody(503, 'busy').error_message).faultcode).toBe('Server');
  });
});

describe('SecretMasker', () => {
  it('masks password-like keys at any depth and driver-declared secrets', () => {
    const m = new SecretMasker(['vendor_magic']);
    expect(
      m.mask({
        ipmi_password: 'a',
        redfish_password: 'b',
        ipmi_username: 'u',
        nested: { auth_token: 't', ok: 1 },
        vendor_magic: 'v',
        empty_password: '',
      }),
    ).toEqual({
      ipmi_password: MASK,
      redfish_password: MASK,
      ipmi_username: 'u',
      nested: { auth_token: MASK, ok: 1 },
      vendor_magic: MASK,
      empty_password: '',
    });
    expect(m.maskInstanceInfo({ image_url: 'http://u:p@h/', image_source: 'glance://x' })).toEqual({
      image_url: MASK,
      image_source: 'glance://x',
    });
  });
});

describe('applyResourcePatch', () => {
  const doc = { uuid: 'u', name: 'n', driver: 'd', extra: { a: 1 } };
  const opts = { allowed: ['name', 'driver', 'extra'], mandatory: ['driver'], defaults: { extra: {} } };
  it('applies nested operations without touching the input', () => {
    const out = applyResourcePatch(
      doc,
      [
        { op: 'add', path: '/extra/b', value: 2 },
        { op: 'remove', path: '/extra' },
      ],
      opts,
    );
    expect(out.extra).toEqual({});
    expect(doc.extra).toEqual({ a: 1 });
  });
  it('refuses protected, new and mandatory fields', () => {
    expect(() => applyResourcePatch(doc, [{ op: 'replace', path: '/uuid', value: 'x' }], opts)).toThrow(
      /Cannot patch \/uuid/,
    );
    expect(() => applyResourcePatch(doc, [{ op: 'add', path: '/foo', value: 1 }], opts)).toThrow(
      /Adding a new attribute/,
    );
    expect(() => applyResourcePatch(doc, [{ op: 'remove', path: '/driver' }], opts)).toThrow(/mandatory/);
    expect(() => applyResourcePatch(doc, [{ op: 'replace', path: '/extra/zz', value: 1 }], opts)).toThrow(
      /does not exist/,
    );
  });
});

describe('serve configuration', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  it('layers defaults < file < environment < flags', () => {
    dir = mkdtempSync(join(tmpdir(), 'ferric-cfg-'));
    const file = join(dir, 'ferric.json');
    writeFileSync(
      file,
      JSON.stringify({ port: 7000, logLevel: 'debug', conductor: { workersPoolSize: 10 } }),
    );
    const c = loadServeConfig({
      file,
      env: { FERRIC_PORT: '7001', FERRIC_HOST: '::1' },
      overrides: { logLevel: 'warn' },
    });
    expect(c).toMatchObject({
      host: '::1',
      port: 7001,
      logLevel: 'warn',
      conductor: { workersPoolSize: 10 },
      auth: { strategy: 'noauth' },
    });
  });
  it('lists every problem', () => {
    try {
      loadServeConfig({ env: { FERRIC_PORT: 'abc', FERRIC_AUTH: 'token' }, overrides: { bogus: 1 } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidServeConfig);
      const msg = (err as Error).message;
      expect(msg).toMatch(/port/);
      expect(msg).toMatch(/auth/);
      expect(msg).toMatch(/bogus/);
    }
  });
  it('reports unreadable and malformed files', () => {
    expect(() => loadServeConfig({ file: '/nonexistent/ferric.json', env: {} })).toThrow(/config file/);
    const d = mkdtempSync(join(tmpdir(), 'ferric-cfg-'));
    dir = d;
    writeFileSync(join(d, 'bad.json'), '{nope');
    expect(() => loadServeConfig({ file: join(d, 'bad.json'), env: {} })).toThrow(/config file/);
  });
});

describe('ferric CLI front end', () => {
  it('prints help, version, and refuses bad input with exit code 2', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--help'])).toBe(0);
      expect(String(out.mock.calls.map((c) => c[0]).join(''))).toMatch(/ferric serve/);
      expect(await main(['--version'])).toBe(0);
      expect(await main(['frobnicate'])).toBe(2);
      expect(await main(['serve', '--port', 'abc'])).toBe(2);
      expect(await main(['serve', '--unknown-flag'])).toBe(2);
      expect(String(err.mock.calls.map((c) => c[0]).join(''))).toMatch(/port/);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
