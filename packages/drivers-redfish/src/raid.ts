import {
  type CreateRaidOptions,
  cleanStep,
  DriverOperationError,
  deployStep,
  InvalidParameterValue,
  type JsonObject,
  type JsonValue,
  MissingParameterValue,
  type PropertyDescriptions,
  RAIDInterface,
  type Task,
} from '@ferric/core';
import { redfishSettings } from './client/registry.js';
import { arr, isResource, linkOf, memberLinks, num, obj, type RedfishResource, str } from './client/types.js';
import { type RedfishContext, redfishContext } from './common.js';
import { parseDriverInfo, REDFISH_PROPERTIES } from './driver-info.js';

/** `driver_internal_info` key of the RAID configuration last built (`{ logical_disks: [...] }`). @public */
export const RAID_CONFIG_KEY = 'raid_config';

/** Ironic RAID level → Redfish `RAIDType`, and the fewest drives it needs. */
const RAID_LEVELS: Readonly<
  Record<string, { type: string; min: number; usable: (n: number, smallest: number) => number }>
> = {
  JBOD: { type: 'None', min: 1, usable: (_n, s) => s },
  '0': { type: 'RAID0', min: 2, usable: (n, s) => n * s },
  '1': { type: 'RAID1', min: 2, usable: (_n, s) => s },
  '5': { type: 'RAID5', min: 3, usable: (n, s) => (n - 1) * s },
  '6': { type: 'RAID6', min: 4, usable: (n, s) => (n - 2) * s },
  '1+0': { type: 'RAID10', min: 4, usable: (n, s) => (n / 2) * s },
  '5+0': { type: 'RAID50', min: 6, usable: (n, s) => (n - 2) * s },
  '6+0': { type: 'RAID60', min: 8, usable: (n, s) => (n - 4) * s },
};

const GiB = 1024 ** 3;

/** One logical disk of `target_raid_config` (Ironic's RAID config schema). @public */
export interface LogicalDisk {
  size_gb: number | 'MAX';
  raid_level: string;
  is_root_volume?: boolean;
  volume_name?: string;
  physical_disks?: string[];
  number_of_physical_disks?: number;
  disk_type?: 'hdd' | 'ssd';
  interface_type?: 'sata' | 'scsi' | 'sas' | 'nvme';
  controller?: string;
}

interface Drive {
  path: string;
  id: string;
  size: number;
  mediaType: string | null;
  protocol: string | null;
}

interface Controller {
  path: string;
  id: string;
  volumes: string;
  drives: Drive[];
  volumeDrives: Set<string>;
  volumePaths: string[];
}

function parseLogicalDisks(target: unknown): LogicalDisk[] {
  const disks = isResource(target) ? target.logical_disks : undefined;
  if (!Array.isArray(disks) || disks.length === 0) {
    throw new MissingParameterValue("target_raid_config with a non-empty 'logical_disks' list is required.");
  }
  return disks.map((d, i) => {
    if (!isResource(d)) throw new InvalidParameterValue(`logical_disks[${i}] must be an object.`);
    const level = String(d.raid_level ?? '');
    if (!(level in RAID_LEVELS)) {
      throw new InvalidParameterValue(
        `logical_disks[${i}].raid_level '${level}' is not supported; use one of ${Object.keys(RAID_LEVELS).join(', ')}.`,
      );
    }
    const size = d.size_gb;
    if (size !== 'MAX' && (typeof size !== 'number' || !(size > 0))) {
      throw new InvalidParameterValue(`logical_disks[${i}].size_gb must be a positive number or 'MAX'.`);
    }
    return d as unknown as LogicalDisk;
  });
}

/**
 * `redfish` raid (Ironic `RedfishRAID`): builds `properties.target_raid_config`
 * as Redfish Volumes (`POST …/Storage/{id}/Volumes`, waiting on a Task when the BMC
 * answers 202) and deletes them. Drives are chosen as Ironic does: the
 * `physical_disks` given, else the fewest free drives of one kind (`disk_type`,
 * `interface_type`) and size that fit `size_gb`. The root volume comes first, `MAX`
 * volumes last. The configuration built is saved in `driver_internal_info.raid_config`.
 * @public
 */
export class RedfishRAID extends RAIDInterface {
  override getProperties(): PropertyDescriptions {
    return REDFISH_PROPERTIES;
  }

  override validate(task: Task): void {
    parseDriverInfo(task.node.driverInfo);
    super.validate(task);
    const target = task.node.properties.target_raid_config;
    if (target !== undefined && target !== null) parseLogicalDisks(target);
  }

  @cleanStep({
    priority: 0,
    requiresRamdisk: false,
    argsinfo: {
      create_root_volume: { description: 'Create the root volume (default true).' },
      create_nonroot_volumes: { description: 'Create the other volumes (default true).' },
      delete_existing: { description: 'Delete existing volumes first (default true).' },
    },
  })
  async createConfiguration(
    task: Task,
    options: CreateRaidOptions & Readonly<Record<string, unknown>> = {},
  ): Promise<void> {
    const flag = (camel: keyof CreateRaidOptions, snake: string): boolean => {
      const value = options[camel] ?? options[snake];
      return value === undefined ? true : value === true || value === 'true';
    };
    let disks = parseLogicalDisks(task.node.properties.target_raid_config);
    if (!flag('createRootVolume', 'create_root_volume')) disks = disks.filter((d) => !d.is_root_volume);
    if (!flag('createNonrootVolumes', 'create_nonroot_volumes'))
      disks = disks.filter((d) => d.is_root_volume);
    const ctx = await redfishContext(task);
    if (flag('deleteExisting', 'delete_existing')) await this.#deleteAll(task, ctx);
    // Root first, then by size descending, MAX last (Ironic `_sort_logical_disks`).
    disks.sort((a, b) => {
      if (a.is_root_volume !== b.is_root_volume) return a.is_root_volume ? -1 : 1;
      if (a.size_gb === 'MAX' || b.size_gb === 'MAX')
        return a.size_gb === 'MAX' ? (b.size_gb === 'MAX' ? 0 : 1) : -1;
      return b.size_gb - a.size_gb;
    });
    const created: JsonObject[] = [];
    for (const disk of disks) {
      const controllers = await this.#controllers(ctx);
      const { controller, drives } = this.#chooseDrives(ctx, controllers, disk);
      const level = RAID_LEVELS[disk.raid_level] as (typeof RAID_LEVELS)[string];
      const body: RedfishResource = {
        RAIDType: level.type,
        Links: { Drives: drives.map((d) => ({ '@odata.id': d.path })) },
      };
      if (disk.volume_name) body.Name = disk.volume_name;
      if (disk.size_gb !== 'MAX') body.CapacityBytes = Math.floor(disk.size_gb * GiB);
      const res = await ctx.client.post(controller.volumes, body);
      let volume = res.location ?? linkOf(res.body);
      if (res.status === 202) {
        const task2 = await ctx.client.waitForTask(res, { intervalMs: redfishSettings().taskPollIntervalMs });
        volume = linkOf(obj(task2, 'Payload')) ?? volume;
      }
      task.logger.info(
        { node: task.node.uuid, raidLevel: disk.raid_level, drives: drives.map((d) => d.id) },
        'RAID volume created',
      );
      const logical: JsonObject = {
        ...(JSON.parse(JSON.stringify(disk)) as JsonObject),
        controller: controller.id,
        physical_disks: drives.map((d) => d.id),
      };
      if (volume) logical.volume_id = volume;
      created.push(logical);
    }
    task.node.driverInternalInfo = {
      ...task.node.driverInternalInfo,
      [RAID_CONFIG_KEY]: { logical_disks: created },
    };
  }

  @cleanStep({ priority: 0, requiresRamdisk: false })
  async deleteConfiguration(task: Task): Promise<void> {
    await this.#deleteAll(task, await redfishContext(task));
    task.node.driverInternalInfo = {
      ...task.node.driverInternalInfo,
      [RAID_CONFIG_KEY]: { logical_disks: [] },
    };
  }

  /** Deploy-time RAID (`raid.apply_configuration` in deploy templates). */
  @deployStep({
    priority: 0,
    argsinfo: {
      raid_config: {
        description: 'The RAID configuration to apply ({logical_disks: [...]}).',
        required: true,
      },
      delete_existing: { description: 'Delete existing volumes first (default true).' },
    },
  })
  async applyConfiguration(
    task: Task,
    args: { raid_config?: JsonValue; delete_existing?: boolean },
  ): Promise<void> {
    parseLogicalDisks(args.raid_config);
    task.node.properties = { ...task.node.properties, target_raid_config: args.raid_config as JsonValue };
    await this.createConfiguration(task, { deleteExisting: args.delete_existing ?? true });
  }

  async #deleteAll(task: Task, ctx: RedfishContext): Promise<void> {
    for (const controller of await this.#controllers(ctx)) {
      for (const path of controller.volumePaths) {
        const res = await ctx.client.delete(path);
        if (res.status === 202)
          await ctx.client.waitForTask(res, { intervalMs: redfishSettings().taskPollIntervalMs });
        task.logger.info({ node: task.node.uuid, volume: path }, 'RAID volume deleted');
      }
    }
  }

  async #controllers(ctx: RedfishContext): Promise<Controller[]> {
    const system = await ctx.client.get(ctx.systemPath);
    const storagePath = linkOf(system.Storage);
    if (!storagePath) return [];
    const result: Controller[] = [];
    for (const path of memberLinks(await ctx.client.get(storagePath))) {
      const storage = await ctx.client.get(path);
      const volumes = linkOf(storage.Volumes);
      if (!volumes) continue;
      const drives: Drive[] = [];
      for (const link of arr(storage, 'Drives').map(linkOf)) {
        if (!link) continue;
        const d = await ctx.client.get(link);
        drives.push({
          path: link,
          id: str(d, 'Id') ?? link,
          size: num(d, 'CapacityBytes') ?? 0,
          mediaType: str(d, 'MediaType'),
          protocol: str(d, 'Protocol'),
        });
      }
      const volumePaths = memberLinks(await ctx.client.get(volumes));
      const volumeDrives = new Set<string>();
      for (const v of volumePaths) {
        for (const link of arr(obj(await ctx.client.get(v), 'Links'), 'Drives')) {
          const id = linkOf(link);
          if (id) volumeDrives.add(id);
        }
      }
      result.push({ path, id: str(storage, 'Id') ?? path, volumes, drives, volumeDrives, volumePaths });
    }
    return result;
  }

  #chooseDrives(
    ctx: RedfishContext,
    controllers: Controller[],
    disk: LogicalDisk,
  ): { controller: Controller; drives: Drive[] } {
    const level = RAID_LEVELS[disk.raid_level] as (typeof RAID_LEVELS)[string];
    const wantBytes = disk.size_gb === 'MAX' ? 0 : disk.size_gb * GiB;
    const candidates = controllers.filter(
      (c) => !disk.controller || c.id === disk.controller || c.path === disk.controller,
    );
    for (const controller of candidates) {
      const free = controller.drives.filter((d) => !controller.volumeDrives.has(d.path));
      if (disk.physical_disks && disk.physical_disks.length > 0) {
        const chosen = disk.physical_disks.map((id) => free.find((d) => d.id === id || d.path === id));
        if (chosen.some((d) => d === undefined)) continue;
        return { controller, drives: chosen as Drive[] };
      }
      const fits = free.filter(
        (d) =>
          (!disk.disk_type || d.mediaType?.toLowerCase() === disk.disk_type) &&
          (!disk.interface_type || d.protocol?.toLowerCase() === disk.interface_type),
      );
      // Group drives of one kind and size; take the smallest group member count that fits.
      const groups = new Map<string, Drive[]>();
      for (const d of fits) {
        const key = `${d.mediaType}|${d.protocol}|${d.size}`;
        groups.set(key, [...(groups.get(key) ?? []), d]);
      }
      const sorted = [...groups.values()].sort((a, b) => (a[0]?.size ?? 0) - (b[0]?.size ?? 0));
      for (const group of sorted) {
        const counts = disk.number_of_physical_disks
          ? [disk.number_of_physical_disks]
          : range(level.min, group.length);
        for (const n of counts) {
          if (n > group.length || n < level.min) continue;
          if (disk.raid_level === '1+0' && n % 2 !== 0) continue;
          if (level.usable(n, group[0]?.size ?? 0) >= wantBytes)
            return { controller, drives: group.slice(0, n) };
        }
      }
    }
    throw new DriverOperationError(
      `No free drives on the BMC at ${ctx.client.address} can hold a RAID ${disk.raid_level} volume of ${disk.size_gb} GiB${disk.disk_type ? ` on ${disk.disk_type}` : ''}.`,
    );
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
