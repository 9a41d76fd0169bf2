import {
  type BootDeviceInfo,
  type BootDeviceName,
  type BootModeName,
  type IndicatorState,
  InvalidParameterValue,
  ManagementInterface,
  type NodeHealth,
  type PropertyDescriptions,
  type SensorsData,
  type Task,
  UnsupportedDriverExtension,
  type VirtualMediaDevice,
  type VirtualMediaInfo,
} from '@ferric/core';
import { arr, isResource, linkOf, memberLinks, num, obj, type RedfishResource, str } from './client/types.js';
import { actionTarget, type RedfishContext, redfishContext, requireLink } from './common.js';
import { parseDriverInfo, REDFISH_PROPERTIES } from './driver-info.js';
import { RedfishResourceNotFound } from './errors.js';
import { listEthernetInterfaces } from './inventory.js';
import { resetSystem } from './power.js';

/** Ironic boot device → Redfish `BootSourceOverrideTarget` (Ironic `redfish/management.py` `BOOT_DEVICE_MAP_REV`). @public */
export const BOOT_DEVICE_MAP: Readonly<Partial<Record<BootDeviceName, string>>> = {
  pxe: 'Pxe',
  disk: 'Hdd',
  cdrom: 'Cd',
  bios: 'BiosSetup',
  floppy: 'Floppy',
  uefihttp: 'UefiHttp',
};

const BOOT_DEVICE_REV: Readonly<Record<string, BootDeviceName>> = Object.fromEntries(
  Object.entries(BOOT_DEVICE_MAP).map(([k, v]) => [v, k as BootDeviceName]),
);

const BOOT_MODE_MAP: Readonly<Record<BootModeName, string>> = { uefi: 'UEFI', bios: 'Legacy' };

const INDICATOR_MAP: Readonly<Record<string, IndicatorState>> = {
  Lit: 'on',
  Off: 'off',
  Blinking: 'blinking',
};
const INDICATOR_REV: Readonly<Record<'on' | 'off' | 'blinking', string>> = {
  on: 'Lit',
  off: 'Off',
  blinking: 'Blinking',
};

/** Redfish `MediaTypes` that serve each virtual media device type. */
const MEDIA_TYPES: Readonly<Record<VirtualMediaDevice, readonly string[]>> = {
  cdrom: ['CD', 'DVD'],
  dvd: ['DVD', 'CD'],
  floppy: ['Floppy'],
  usb: ['USBStick'],
};

function deviceTypeOf(media: RedfishResource): VirtualMediaDevice | null {
  const types = arr(media, 'MediaTypes').filter((t): t is string => typeof t === 'string');
  if (types.includes('CD')) return 'cdrom';
  if (types.includes('DVD')) return 'dvd';
  if (types.includes('Floppy')) return 'floppy';
  if (types.includes('USBStick')) return 'usb';
  return null;
}

function serves(media: RedfishResource, device: VirtualMediaDevice): boolean {
  const types = arr(media, 'MediaTypes');
  return MEDIA_TYPES[device].some((t) => types.includes(t));
}

/** Every virtual media drive of the node: under the system (newer BMCs) or its managers. */
export async function listVirtualMedia(
  ctx: RedfishContext,
): Promise<{ path: string; media: RedfishResource }[]> {
  const system = await ctx.client.get(ctx.systemPath);
  const collections: string[] = [];
  const own = linkOf(system.VirtualMedia);
  if (own) collections.push(own);
  for (const manager of arr(obj(system, 'Links'), 'ManagedBy')) {
    const link = linkOf(manager);
    if (!link) continue;
    const body = await ctx.client.get(link);
    const vm = linkOf(body.VirtualMedia);
    if (vm) collections.push(vm);
  }
  for (const collection of collections) {
    let members: string[];
    try {
      members = memberLinks(await ctx.client.get(collection));
    } catch (error) {
      if (error instanceof RedfishResourceNotFound) continue;
      throw error;
    }
    if (members.length === 0) continue;
    const result = [];
    for (const path of members) result.push({ path, media: await ctx.client.get(path) });
    return result;
  }
  return [];
}

/**
 * `redfish` management (Ironic `RedfishManagement`): boot device (once or
 * persistent), boot mode, secure boot, indicators (system and chassis LEDs), NMI,
 * MAC addresses, node health, vendor, sensors (chassis `Thermal`/`Power`) and
 * virtual media (the capability `redfish-virtual-media` boot builds on).
 * @public
 */
export class RedfishManagement extends ManagementInterface {
  getProperties(): PropertyDescriptions {
    return REDFISH_PROPERTIES;
  }

  validate(task: Task): void {
    parseDriverInfo(task.node.driverInfo);
  }

  async getSupportedBootDevices(task: Task): Promise<BootDeviceName[]> {
    const ctx = await redfishContext(task);
    const system = await ctx.client.get(ctx.systemPath);
    const allowed = arr(obj(system, 'Boot'), 'BootSourceOverrideTarget@Redfish.AllowableValues');
    const all = Object.keys(BOOT_DEVICE_MAP) as BootDeviceName[];
    if (allowed.length === 0) return all.filter((d) => d !== 'floppy' && d !== 'uefihttp');
    return all.filter((d) => allowed.includes(BOOT_DEVICE_MAP[d] ?? ''));
  }

  async setBootDevice(
    task: Task,
    device: BootDeviceName,
    options: { persistent?: boolean } = {},
  ): Promise<void> {
    const target = BOOT_DEVICE_MAP[device];
    if (!target) {
      throw new InvalidParameterValue(
        `Boot device '${device}' is not supported by Redfish; use one of ${Object.keys(BOOT_DEVICE_MAP).join(', ')}.`,
      );
    }
    const ctx = await redfishContext(task);
    const { body, etag } = await ctx.client.getDocument(ctx.systemPath);
    const allowed = arr(obj(body, 'Boot'), 'BootSourceOverrideTarget@Redfish.AllowableValues');
    if (allowed.length > 0 && !allowed.includes(target)) {
      throw new InvalidParameterValue(
        `The BMC at ${ctx.client.address} does not offer boot device '${device}' (${target}); it offers ${allowed.join(', ')}.`,
      );
    }
    await ctx.client.patch(
      ctx.systemPath,
      {
        Boot: {
          BootSourceOverrideTarget: target,
          BootSourceOverrideEnabled: options.persistent ? 'Continuous' : 'Once',
        },
      },
      { etag },
    );
  }

  async getBootDevice(task: Task): Promise<BootDeviceInfo> {
    const ctx = await redfishContext(task);
    const boot = obj(await ctx.client.get(ctx.systemPath), 'Boot');
    const enabled = str(boot, 'BootSourceOverrideEnabled');
    const target = str(boot, 'BootSourceOverrideTarget');
    if (enabled === 'Disabled' || target === null || target === 'None')
      return { bootDevice: null, persistent: null };
    return {
      bootDevice: BOOT_DEVICE_REV[target] ?? null,
      persistent: enabled === null ? null : enabled === 'Continuous',
    };
  }

  override async getSupportedBootModes(task: Task): Promise<BootModeName[]> {
    const ctx = await redfishContext(task);
    const allowed = arr(
      obj(await ctx.client.get(ctx.systemPath), 'Boot'),
      'BootSourceOverrideMode@Redfish.AllowableValues',
    );
    if (allowed.length === 0) return ['bios', 'uefi'];
    return (Object.keys(BOOT_MODE_MAP) as BootModeName[]).filter((m) => allowed.includes(BOOT_MODE_MAP[m]));
  }

  override async getBootMode(task: Task): Promise<BootModeName | null> {
    const ctx = await redfishContext(task);
    const mode = str(obj(await ctx.client.get(ctx.systemPath), 'Boot'), 'BootSourceOverrideMode');
    return mode === 'UEFI' ? 'uefi' : mode === 'Legacy' ? 'bios' : null;
  }

  override async setBootMode(task: Task, mode: BootModeName): Promise<void> {
    const value = BOOT_MODE_MAP[mode];
    if (!value) throw new InvalidParameterValue(`Boot mode must be 'uefi' or 'bios', got '${String(mode)}'.`);
    const ctx = await redfishContext(task);
    const { etag } = await ctx.client.getDocument(ctx.systemPath);
    await ctx.client.patch(ctx.systemPath, { Boot: { BootSourceOverrideMode: value } }, { etag });
  }

  override async getSecureBootState(task: Task): Promise<boolean> {
    const ctx = await redfishContext(task);
    const path = requireLink(ctx, await ctx.client.get(ctx.systemPath), 'SecureBoot', 'Secure Boot resource');
    return (await ctx.client.get(path)).SecureBootEnable === true;
  }

  override async setSecureBootState(task: Task, enabled: boolean): Promise<void> {
    const ctx = await redfishContext(task);
    const path = requireLink(ctx, await ctx.client.get(ctx.systemPath), 'SecureBoot', 'Secure Boot resource');
    await ctx.client.patch(path, { SecureBootEnable: enabled });
  }

  override async getNodeHealth(task: Task): Promise<NodeHealth | null> {
    const ctx = await redfishContext(task);
    const health = str(obj(await ctx.client.get(ctx.systemPath), 'Status'), 'Health');
    return health === 'OK'
      ? 'OK'
      : health === 'Warning'
        ? 'WARNING'
        : health === 'Critical'
          ? 'CRITICAL'
          : null;
  }

  override async injectNmi(task: Task): Promise<void> {
    await resetSystem(await redfishContext(task), 'Nmi');
  }

  override async detectVendor(task: Task): Promise<string | null> {
    const ctx = await redfishContext(task);
    return str(await ctx.client.get(ctx.systemPath), 'Manufacturer');
  }

  override async getMacAddresses(task: Task): Promise<string[]> {
    const nics = await listEthernetInterfaces(await redfishContext(task));
    return [...new Set(nics.filter((n) => n.enabled && n.mac !== null).map((n) => n.mac as string))];
  }

  override async getSupportedIndicators(
    task: Task,
  ): Promise<Record<string, Record<string, IndicatorState[]>>> {
    const ctx = await redfishContext(task);
    const result: Record<string, Record<string, IndicatorState[]>> = {};
    for (const [component, path, resource] of await this.#indicatorResources(ctx)) {
      const states: IndicatorState[] =
        str(resource, 'IndicatorLED') !== null
          ? ['on', 'off', 'blinking']
          : typeof resource.LocationIndicatorActive === 'boolean'
            ? ['on', 'off']
            : [];
      if (states.length === 0) continue;
      result[component] ??= {};
      (result[component] as Record<string, IndicatorState[]>)[str(resource, 'Id') ?? path] = states;
    }
    return result;
  }

  override async setIndicatorState(
    task: Task,
    component: string,
    indicator: string,
    state: IndicatorState,
  ): Promise<void> {
    const ctx = await redfishContext(task);
    const [, path, resource] = await this.#indicator(ctx, component, indicator);
    if (state !== 'on' && state !== 'off' && state !== 'blinking') {
      throw new InvalidParameterValue(`Indicator state must be on, off or blinking, got '${state}'.`);
    }
    if (str(resource, 'IndicatorLED') !== null) {
      await ctx.client.patch(path, { IndicatorLED: INDICATOR_REV[state] });
    } else if (state !== 'blinking') {
      await ctx.client.patch(path, { LocationIndicatorActive: state === 'on' });
    } else {
      throw new InvalidParameterValue(`The ${component} indicator ${indicator} cannot blink on this BMC.`);
    }
  }

  override async getIndicatorState(
    task: Task,
    component: string,
    indicator: string,
  ): Promise<IndicatorState> {
    const ctx = await redfishContext(task);
    const [, , resource] = await this.#indicator(ctx, component, indicator);
    const led = str(resource, 'IndicatorLED');
    if (led !== null) return INDICATOR_MAP[led] ?? 'unknown';
    const active = resource.LocationIndicatorActive;
    return active === true ? 'on' : active === false ? 'off' : 'unknown';
  }

  async getSensorsData(task: Task): Promise<SensorsData> {
    const ctx = await redfishContext(task);
    const system = await ctx.client.get(ctx.systemPath);
    const data: Record<string, Record<string, Record<string, unknown>>> = {};
    const add = (type: string, id: string, reading: Record<string, unknown>) => {
      data[type] ??= {};
      (data[type] as Record<string, Record<string, unknown>>)[id] = reading;
    };
    for (const link of arr(obj(system, 'Links'), 'Chassis')) {
      const chassisPath = linkOf(link);
      if (!chassisPath) continue;
      const chassis = await ctx.client.get(chassisPath);
      const chassisId = str(chassis, 'Id') ?? chassisPath;
      for (const [key, groups] of [
        [
          'Thermal',
          [
            ['Temperatures', 'Temperature', 'ReadingCelsius'],
            ['Fans', 'Fan', 'Reading'],
          ],
        ],
        [
          'Power',
          [
            ['PowerSupplies', 'Power', 'PowerOutputWatts'],
            ['Voltages', 'Voltage', 'ReadingVolts'],
          ],
        ],
      ] as const) {
        const path = linkOf(chassis[key]);
        if (!path) continue;
        let body: RedfishResource;
        try {
          body = await ctx.client.get(path);
        } catch (error) {
          if (error instanceof RedfishResourceNotFound) continue;
          throw error;
        }
        for (const [list, type, field] of groups) {
          for (const entry of arr(body, list)) {
            if (!isResource(entry)) continue;
            const name =
              str(entry, 'Name') ?? str(entry, 'MemberId') ?? String(Object.keys(data[type] ?? {}).length);
            add(type, `${name}@${chassisId}`, {
              reading: num(entry, field),
              units: str(entry, 'ReadingUnits'),
              state: str(obj(entry, 'Status'), 'State'),
              health: str(obj(entry, 'Status'), 'Health'),
            });
          }
        }
      }
    }
    return data;
  }

  override async getVirtualMedia(task: Task): Promise<VirtualMediaInfo[]> {
    const list = await listVirtualMedia(await redfishContext(task));
    const result: VirtualMediaInfo[] = [];
    for (const { media } of list) {
      const deviceType = deviceTypeOf(media);
      if (!deviceType) continue;
      const image = str(media, 'Image');
      result.push({ deviceType, imageUrl: image === '' ? null : image, inserted: media.Inserted === true });
    }
    return result;
  }

  override async attachVirtualMedia(
    task: Task,
    deviceType: VirtualMediaDevice,
    imageUrl: string,
  ): Promise<void> {
    if (!(deviceType in MEDIA_TYPES)) {
      throw new InvalidParameterValue(
        `Virtual media device type must be one of ${Object.keys(MEDIA_TYPES).join(', ')}.`,
      );
    }
    const ctx = await redfishContext(task);
    const list = await listVirtualMedia(ctx);
    const drive = list.find((m) => serves(m.media, deviceType));
    if (!drive) {
      throw new UnsupportedDriverExtension(
        `The BMC at ${ctx.client.address} has no virtual media drive for ${deviceType} (system ${ctx.systemPath}).`,
      );
    }
    if (drive.media.Inserted === true) {
      if (str(drive.media, 'Image') === imageUrl) return;
      await this.#eject(ctx, drive.path, drive.media);
    }
    const actions = obj(drive.media, 'Actions');
    if (actions && obj(actions, '#VirtualMedia.InsertMedia')) {
      await ctx.client.post(actionTarget(drive.media, drive.path, 'VirtualMedia.InsertMedia'), {
        Image: imageUrl,
        Inserted: true,
        WriteProtected: true,
      });
    } else {
      await ctx.client.patch(drive.path, { Image: imageUrl, Inserted: true, WriteProtected: true });
    }
    task.logger.info({ node: task.node.uuid, deviceType }, 'Virtual media inserted');
  }

  override async detachVirtualMedia(task: Task, deviceTypes?: readonly VirtualMediaDevice[]): Promise<void> {
    const ctx = await redfishContext(task);
    for (const { path, media } of await listVirtualMedia(ctx)) {
      if (media.Inserted !== true) continue;
      if (deviceTypes && !deviceTypes.some((d) => serves(media, d))) continue;
      await this.#eject(ctx, path, media);
    }
  }

  async #eject(ctx: RedfishContext, path: string, media: RedfishResource): Promise<void> {
    const actions = obj(media, 'Actions');
    if (actions && obj(actions, '#VirtualMedia.EjectMedia')) {
      await ctx.client.post(actionTarget(media, path, 'VirtualMedia.EjectMedia'), {});
    } else {
      await ctx.client.patch(path, { Image: null, Inserted: false });
    }
  }

  async #indicatorResources(ctx: RedfishContext): Promise<[string, string, RedfishResource][]> {
    const system = await ctx.client.get(ctx.systemPath);
    const result: [string, string, RedfishResource][] = [['system', ctx.systemPath, system]];
    for (const link of arr(obj(system, 'Links'), 'Chassis')) {
      const path = linkOf(link);
      if (path) result.push(['chassis', path, await ctx.client.get(path)]);
    }
    return result;
  }

  async #indicator(
    ctx: RedfishContext,
    component: string,
    indicator: string,
  ): Promise<[string, string, RedfishResource]> {
    const found = (await this.#indicatorResources(ctx)).find(
      ([c, path, resource]) => c === component && (str(resource, 'Id') === indicator || path === indicator),
    );
    if (!found) throw new InvalidParameterValue(`Node has no ${component} indicator '${indicator}'.`);
    return found;
  }
}
