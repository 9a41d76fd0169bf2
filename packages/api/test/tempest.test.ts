/**
 * Ironic's own API test suite — tempest with Debian's `ironic-tempest-plugin` 2.5.0,
 * `ironic_tempest_plugin.tests.api` — against a default all-in-one Ferric (no config file), with a
 * fake Keystone for tempest's authentication and service catalog.
 *
 * Ironic 21.4.4 passes 232 of the 235 tests; the other 3 (`TestNodesVif`) skip because they need
 * Neutron. Ferric must do exactly the same. Skipped when tempest or the plugin is not installed
 * (CI installs both with apt).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HARDWARE_TYPES } from '../src/default-drivers.js';
import { startTestService, type TestService } from './helpers.js';
import { type FakeKeystone, startFakeKeystone } from './tempest/fake-keystone.js';
import {
  runTempest,
  TEMPEST_ACCOUNTS,
  type TempestRun,
  tempestMissing,
  writeTempestConfig,
} from './tempest/tempest.js';

const missing = tempestMissing();
if (missing) console.warn(`skipping tempest: ${missing}`);

describe.skipIf(missing !== undefined)(
  'Ironic tempest API suite against ferric serve',
  { timeout: 900_000 },
  () => {
    let svc: TestService;
    let keystone: FakeKeystone;
    let dir: string;
    let run: TempestRun;

    beforeAll(async () => {
      // No driver settings: the default `ferric serve` (first-party plugins, ipmi/redfish/fake enabled).
      svc = await startTestService();
      keystone = await startFakeKeystone({ baremetalUrl: svc.url, accounts: TEMPEST_ACCOUNTS });
      dir = mkdtempSync(join(tmpdir(), 'ferric-tempest-'));
      const config = writeTempestConfig(dir, {
        keystoneUrl: keystone.url,
        enabledHardwareTypes: DEFAULT_HARDWARE_TYPES,
      });
      run = await runTempest(dir, config, { regex: '^ironic_tempest_plugin\\.tests\\.api\\.' });
    }, 900_000);

    afterAll(async () => {
      await keystone?.close();
      await svc?.close();
      if (dir && !process.env.FERRIC_KEEP_TEMPEST) rmSync(dir, { recursive: true, force: true });
    });

    it('passes every test except the three that need Neutron', () => {
      const failed = run.tests.filter((t) => t.status === 'fail' || t.status === 'uxsuccess');
      if (process.env.FERRIC_TEMPEST_REPORT) {
        writeFileSync(
          process.env.FERRIC_TEMPEST_REPORT,
          failed.map((t) => `=== ${t.id}\n${t.attachments.traceback ?? ''}\n`).join('\n'),
        );
      }
      expect(
        failed.map((t) => `${t.id}\n${(t.attachments.traceback ?? '').split('\n').slice(-4).join('\n')}`),
        run.stderr.slice(-2000),
      ).toEqual([]);
      const skipped = run.tests.filter((t) => t.status === 'skip');
      expect(skipped.map((t) => t.attachments.reason?.trim())).toEqual(
        skipped.map(() => 'Neutron is not enabled.'),
      );
      expect(run.tests.filter((t) => t.status === 'success')).toHaveLength(232);
      expect(run.exitCode).toBe(0);
      expect(keystone.tokensIssued).toBeGreaterThan(0);
    });
  },
);
