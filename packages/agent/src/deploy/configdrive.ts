import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { InvalidParameterValue, type Task } from '@ferric/core';

const run = promisify(execFile);

/**
 * Build an OpenStack config drive (ISO 9660, label `config-2`, `openstack/latest/…`) from Ironic's
 * JSON form `{meta_data, user_data, network_data, vendor_data}` with `xorriso`, returned gzipped and
 * base64-encoded — the form the agent writes (as Ironic stores it).
 * @public
 */
export async function buildConfigDrive(
  nodeUuid: string,
  contents: Readonly<Record<string, unknown>>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ferric-configdrive-'));
  try {
    const latest = join(dir, 'root', 'openstack', 'latest');
    await mkdir(latest, { recursive: true });
    const meta = { uuid: nodeUuid, ...((contents.meta_data as Record<string, unknown> | undefined) ?? {}) };
    await writeFile(join(latest, 'meta_data.json'), JSON.stringify(meta));
    await writeFile(join(latest, 'network_data.json'), JSON.stringify(contents.network_data ?? {}));
    await writeFile(join(latest, 'vendor_data.json'), JSON.stringify(contents.vendor_data ?? {}));
    const userData = contents.user_data;
    if (userData !== undefined && userData !== null) {
      await writeFile(
        join(latest, 'user_data'),
        typeof userData === 'string' ? userData : JSON.stringify(userData),
      );
    }
    const iso = join(dir, 'configdrive.iso');
    await run(
      'xorriso',
      ['-as', 'mkisofs', '-quiet', '-o', iso, '-V', 'config-2', '-J', '-R', join(dir, 'root')],
      {
        timeout: 60_000,
        env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
      },
    );
    return gzipSync(await readFile(iso)).toString('base64');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The node's config drive as the agent takes it (base64 gzipped ISO or URL), or undefined. @public */
export async function configDriveFor(task: Task): Promise<string | undefined> {
  const value = task.node.instanceInfo.configdrive;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && !Array.isArray(value)) return buildConfigDrive(task.node.uuid, value);
  throw new InvalidParameterValue(
    'instance_info.configdrive must be a string (base64 ISO or URL) or an object.',
  );
}
