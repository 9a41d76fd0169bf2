/**
 * Runs OpenStack tempest (Debian's `tempest` + `ironic-tempest-plugin`) against a bare-metal endpoint.
 *
 * Tempest is configured from scratch in a temporary directory: a `tempest.conf` that points identity
 * at a fake Keystone, two pre-provisioned accounts (the project admin and the system admin the
 * plugin's base class asks for) and only the bare-metal service marked available. The run writes a
 * subunit v2 stream, which {@link parseSubunit} turns into per-test results.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeKeystoneAccount } from './fake-keystone.js';
import { parseSubunit, type SubunitTest } from './subunit.js';

/** Debian's interpreter: tempest and its plugins live in its dist-packages. */
export const PYTHON = '/usr/bin/python3';
const TEMPEST = '/usr/bin/tempest';
const PLUGIN = '/usr/lib/python3/dist-packages/ironic_tempest_plugin';

/** Why tempest cannot run here, or undefined when it can. */
export function tempestMissing(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  if (!existsSync(TEMPEST)) return 'tempest not installed (apt-get install tempest)';
  if (!existsSync(PLUGIN))
    return 'ironic-tempest-plugin not installed (apt-get install ironic-tempest-plugin)';
  return undefined;
}

/**
 * The accounts tempest uses; the fake Keystone must accept the same ones. Tempest locks a
 * pre-provisioned account for a whole test class, and each class wants a project admin and a
 * system admin, so there are a few of each for parallel workers.
 */
export const TEMPEST_ACCOUNTS: readonly FakeKeystoneAccount[] = Array.from({ length: 4 }, (_, i) => [
  { username: `tempest-admin-${i}`, password: `admin-pw-${i}`, project: `tempest-${i}`, roles: ['admin'] },
  { username: `tempest-system-admin-${i}`, password: `system-pw-${i}`, system: true, roles: ['admin'] },
]).flat();

/** What the Ferric under test enables, as tempest's config describes it. */
export interface TempestTarget {
  keystoneUrl: string;
  enabledHardwareTypes: readonly string[];
}

function accountsYaml(): string {
  return TEMPEST_ACCOUNTS.map((a) =>
    [
      `- username: '${a.username}'`,
      `  password: '${a.password}'`,
      a.project ? `  project_name: '${a.project}'` : '  system: all',
      `  roles: [${a.roles.map((r) => `'${r}'`).join(', ')}]`,
    ].join('\n'),
  ).join('\n');
}

/** Writes `etc/tempest.conf` and `etc/accounts.yaml` under `dir`; returns the config file's path. */
export function writeTempestConfig(dir: string, target: TempestTarget): string {
  const etc = join(dir, 'etc');
  mkdirSync(etc, { recursive: true });
  mkdirSync(join(dir, 'locks'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(join(etc, 'accounts.yaml'), `${accountsYaml()}\n`);
  const conf = `[DEFAULT]
log_dir = ${join(dir, 'logs')}
log_file = tempest.log

[oslo_concurrency]
lock_path = ${join(dir, 'locks')}

[auth]
use_dynamic_credentials = false
test_accounts_file = ${join(etc, 'accounts.yaml')}
default_credentials_domain_name = Default
admin_domain_scope = false

[identity]
auth_version = v3
uri_v3 = ${target.keystoneUrl}/v3
region = RegionOne

[identity-feature-enabled]
api_v2 = false

[service_available]
ironic = true
nova = false
neutron = false
glance = false
cinder = false
swift = false
horizon = false

[enforce_scope]
ironic = false

[baremetal]
driver = fake-hardware
enabled_hardware_types = ${target.enabledHardwareTypes.join(',')}
`;
  const file = join(etc, 'tempest.conf');
  writeFileSync(file, conf);
  return file;
}

/** The outcome of a tempest run. */
export interface TempestRun {
  exitCode: number | null;
  tests: SubunitTest[];
  /** tempest's stderr (stestr progress and Python warnings), for failure messages. */
  stderr: string;
}

/**
 * Runs `tempest run --subunit` with `dir` as its working directory (it writes `.stestr.conf` and
 * the stestr repository there) and parses the result stream.
 */
export function runTempest(
  dir: string,
  configFile: string,
  options: { regex: string; concurrency?: number },
): Promise<TempestRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      PYTHON,
      [
        TEMPEST,
        'run',
        '--config-file',
        configFile,
        '--regex',
        options.regex,
        '--concurrency',
        String(options.concurrency ?? 2),
        '--subunit',
      ],
      {
        cwd: dir,
        env: { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      try {
        resolve({
          exitCode,
          tests: parseSubunit(Buffer.concat(out)),
          stderr: Buffer.concat(err).toString('utf8'),
        });
      } catch (e) {
        reject(e);
      }
    });
  });
}
