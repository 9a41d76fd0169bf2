/**
 * The web console in real headless Chromium (Debian's `chromium`, driven by playwright-core): the
 * demo fleet's counts, a node changing state live after a REST call, a deploy from the node page, a
 * failure with its error, and signing in with http_basic. FERRIC_UPDATE_SCREENSHOTS=1 refreshes the
 * screenshots in docs/console/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import bcrypt from 'bcryptjs';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingPeers } from '../../../test-support/peers.js';
import { runDemo } from '../src/demo.js';
import { startTestService, type TestService } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = missingPeers('chromium');
/** The committed screenshots are refreshed with FERRIC_UPDATE_SCREENSHOTS=1; otherwise they go to a temp dir. */
const SCREENSHOTS = process.env.FERRIC_UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, '../../../docs/console')
  : mkdtempSync(join(tmpdir(), 'ferric-console-shots-'));

async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'ferric-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function rest(
  svc: TestService,
  method: string,
  path: string,
  body?: unknown,
  auth?: string,
): Promise<void> {
  const res = await fetch(`${svc.url}${path}`, {
    method,
    headers: {
      'X-OpenStack-Ironic-API-Version': 'latest',
      ...(auth ? { Authorization: auth } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

describe.skipIf(missing)('web console in headless Chromium (noauth, demo fleet)', () => {
  let svc: TestService;
  let browser: Awaited<ReturnType<typeof launch>>;
  let page: Page;

  beforeAll(async () => {
    svc = await startTestService({ logLevel: 'silent' });
    await runDemo({
      rpc: svc.conductor.rpc,
      inventory: svc.conductor.inventory,
      count: 4,
      print: () => undefined,
    });
    browser = await launch();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  it('shows the demo fleet’s counts on the overview', async () => {
    await page.goto(`${svc.url}/console/`);
    await expect.poll(() => page.getByTestId('count-available').textContent()).toBe('4');
    expect(await page.getByTestId('count-total').textContent()).toBe('4');
    await page.getByRole('status').filter({ hasText: 'live' }).first().waitFor();
  });

  it('updates a row of the node table live after a REST call', async () => {
    await page.goto(`${svc.url}/console/#/nodes`);
    const row = page.locator('tr[data-node="demo-3"]').getByTestId('provision-state');
    await expect.poll(() => row.textContent()).toBe('available');
    await expect.poll(() => page.locator('.live.on').count()).toBe(1);
    await rest(svc, 'PUT', '/v1/nodes/demo-3/states/provision', { target: 'manage' });
    await expect.poll(() => row.textContent()).toBe('manageable');
  });

  it('deploys a node from its page, with confirmation', async () => {
    await page.goto(`${svc.url}/console/#/nodes/demo-0`);
    await expect.poll(() => page.getByTestId('node-state').textContent()).toBe('available');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Image URL').fill('http://images.example.com/ubuntu.qcow2');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('node-state').textContent(), { timeout: 20_000 }).toBe('active');
    // The fields come from the API, secrets masked by it: instance_info shows the image.
    await expect.poll(() => page.locator('.fields').textContent()).toContain('ubuntu.qcow2');
    await page.screenshot({ path: join(SCREENSHOTS, 'node.png'), fullPage: true });
  });

  it('shows a failed deploy with its error among the nodes needing attention', async () => {
    await rest(svc, 'PATCH', '/v1/nodes/demo-1', [
      { op: 'add', path: '/driver_info/fake_power_fail', value: true },
      { op: 'add', path: '/instance_info/image_source', value: 'http://images.example.com/x.qcow2' },
    ]);
    await page.goto(`${svc.url}/console/`);
    await expect.poll(() => page.getByTestId('count-available').textContent()).toBe('2');
    await rest(svc, 'PUT', '/v1/nodes/demo-1/states/provision', { target: 'active' });
    const problems = page.getByTestId('problems');
    await expect.poll(() => problems.textContent(), { timeout: 20_000 }).toContain('demo-1');
    expect(await problems.textContent()).toContain('deploy failed');
    expect(await problems.locator('.last-error').first().textContent()).toMatch(/does not answer/);
    await expect.poll(() => page.getByTestId('count-active').textContent()).toBe('1');
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
    await page.getByRole('link', { name: 'demo-1' }).click();
    await expect.poll(() => page.getByTestId('node-last-error').textContent()).toMatch(/does not answer/);
  });

  it('is usable from the keyboard: the skip link and the sort buttons take focus', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${svc.url}/console/#/nodes`);
    await page.getByTestId('node-table').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    const sort = page.getByRole('button', { name: /Provision state/ });
    await sort.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('sort_key=provision_state');
  });
});

describe.skipIf(missing)('web console sign-in with http_basic', () => {
  let svc: TestService;
  let dir: string;
  let browser: Awaited<ReturnType<typeof launch>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferric-console-basic-'));
    const file = join(dir, 'htpasswd');
    writeFileSync(file, `operator:${bcrypt.hashSync('s3cret pass', 4)}\n`);
    svc = await startTestService({
      auth: { strategy: 'http_basic', htpasswdFile: file },
      logLevel: 'silent',
    });
    await runDemo({
      rpc: svc.conductor.rpc,
      inventory: svc.conductor.inventory,
      count: 2,
      print: () => undefined,
    });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for credentials, refuses wrong ones, then shows the fleet', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${svc.url}/console/`);
    await page.getByLabel('User name').fill('operator');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('refused');
    await page.getByLabel('Password').fill('s3cret pass');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('count-available').textContent()).toBe('2');
    // The API itself still refuses the same request without credentials.
    expect((await fetch(`${svc.url}/v1/nodes`)).status).toBe(401);
  });
});
