import type { JsonObject } from '@ferric/core';
import type { RedfishClient } from './client/client.js';
import { arr, isResource, linkOf, memberLinks, num, obj, type RedfishResource, str } from './client/types.js';
import { RedfishConnectionError, RedfishError, RedfishResourceNotFound } from './errors.js';

/** What the inventory code needs: GET by path, and the system to read. @public */
export interface InventorySource {
  client: Pick<RedfishClient, 'get'>;
  systemPath: string;
}

/** An optional sub-resource inspection could not read (the BMC answered 5xx after retries). @public */
export interface UnreadableResource {
  /** Path of the resource. */
  path: string;
  /** The error's message (never credentials). */
  reason: string;
}

/** One NIC as the BMC describes it. @public */
export interface EthernetInterfaceInfo {
  /** Resource `Id` (or its path). */
  name: string;
  /** MAC address, lower-case and colon-separated; null when the BMC gives none. */
  mac: string | null;
  /** False when `Status.State` says `Disabled`/`Absent` or `InterfaceEnabled` is false. */
  enabled: boolean;
  speedMbps: number | null;
  /** `LinkUp` → true, `LinkDown`/`NoLink` → false, else null. */
  hasCarrier: boolean | null;
}

/** One local disk: a physical drive, a logical volume or a SimpleStorage device. @public */
export interface DiskInfo {
  name: string;
  /** Bytes. */
  size: number;
  model: string | null;
  vendor: string | null;
  serial: string | null;
  rotational: boolean | null;
  /** `drive`, `volume` or `simple`. */
  kind: 'drive' | 'volume' | 'simple';
}

/**
 * Out-of-band inventory in the shape of Ironic's (IPA) inventory, plus the
 * properties Ironic's `redfish` inspection derives from it.
 * @public
 */
export interface RedfishInventory {
  cpu: {
    count: number | null;
    architecture: string | null;
    model_name: string | null;
    frequency: number | null;
    sockets: number;
  };
  memory: { total: number | null; physical_mb: number | null };
  disks: DiskInfo[];
  /** Optional sub-resources the BMC failed to serve (set by {@link collectInventory}). */
  unreadable?: UnreadableResource[];
  interfaces: EthernetInterfaceInfo[];
  system_vendor: {
    manufacturer: string | null;
    product_name: string | null;
    serial_number: string | null;
    sku: string | null;
  };
  boot: { current_boot_mode: 'uefi' | 'bios' | null };
  /** Ironic properties: `cpus`, `cpu_arch`, `memory_mb`, `local_gb` (absent when undiscoverable). */
  properties: { cpus?: number; cpu_arch?: string; memory_mb?: number; local_gb?: number };
}

const GiB = 1024 ** 3;
/** Disks smaller than this are not candidates for `local_gb` (IPA's root device minimum). */
const MIN_DISK_BYTES = 4 * GiB;
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

/** `InstructionSet` → Ironic `cpu_arch`. */
const INSTRUCTION_SET_ARCH: Readonly<Record<string, string>> = {
  'x86-64': 'x86_64',
  x86: 'i686',
  'IA-64': 'ia64',
  'ARM-A64': 'aarch64',
  'ARM-A32': 'armv7l',
  MIPS64: 'mips64',
  MIPS32: 'mips',
  PowerISA: 'ppc64le',
  RV64: 'riscv64',
  RV32: 'riscv32',
};
/** `ProcessorArchitecture` → Ironic `cpu_arch` (Ironic `CPU_ARCH_MAP`, 64-bit assumed). */
const PROCESSOR_ARCH: Readonly<Record<string, string>> = {
  x86: 'x86_64',
  'IA-64': 'ia64',
  ARM: 'aarch64',
  MIPS: 'mips64',
  Power: 'ppc64le',
  'RISC-V': 'riscv64',
};

function present(resource: RedfishResource): boolean {
  const state = str(obj(resource, 'Status'), 'State');
  return state !== 'Absent';
}

/** Where optional reads that failed are recorded (one list per inventory pass). */
type Unreadable = UnreadableResource[];

/**
 * GET an optional sub-resource: 404 means "not there"; a 5xx (after the client's retries) is
 * recorded in `unreadable` and treated as absent, as Ironic inspects with what it can read.
 * Connection and authentication errors stay fatal: nothing else would be readable either.
 */
async function maybeGet(
  source: InventorySource,
  path: string | null,
  unreadable: Unreadable,
): Promise<RedfishResource | null> {
  if (!path) return null;
  try {
    return await source.client.get(path);
  } catch (error) {
    if (error instanceof RedfishResourceNotFound) return null;
    if (
      error instanceof RedfishError &&
      !(error instanceof RedfishConnectionError) &&
      error.status !== null &&
      error.status >= 500
    ) {
      unreadable.push({ path, reason: error.message });
      return null;
    }
    throw error;
  }
}

async function members(
  source: InventorySource,
  collection: string | null,
  unreadable: Unreadable,
): Promise<RedfishResource[]> {
  const body = await maybeGet(source, collection, unreadable);
  if (!body) return [];
  const result: RedfishResource[] = [];
  // Some services inline members (expanded); use them as they are.
  const inline = arr(body, 'Members')
    .filter(isResource)
    .filter((m) => Object.keys(m).some((k) => k !== '@odata.id'));
  if (inline.length > 0) return inline;
  for (const link of memberLinks(body)) {
    const member = await maybeGet(source, link, unreadable);
    if (member) result.push(member);
  }
  return result;
}

function normaliseMac(value: string | null): string | null {
  if (value === null || !MAC.test(value.trim())) return null;
  const mac = value.trim().toLowerCase().replace(/-/g, ':');
  return mac === '00:00:00:00:00:00' ? null : mac;
}

/** Parse one `EthernetInterface`. @public */
export function parseEthernetInterface(nic: RedfishResource, fallbackName: string): EthernetInterfaceInfo {
  const state = str(obj(nic, 'Status'), 'State');
  const link = str(nic, 'LinkStatus');
  return {
    name: str(nic, 'Id') ?? fallbackName,
    mac: normaliseMac(str(nic, 'MACAddress')) ?? normaliseMac(str(nic, 'PermanentMACAddress')),
    enabled: state !== 'Disabled' && state !== 'Absent' && nic.InterfaceEnabled !== false,
    speedMbps: num(nic, 'SpeedMbps'),
    hasCarrier: link === 'LinkUp' ? true : link === 'LinkDown' || link === 'NoLink' ? false : null,
  };
}

/** The system's NICs (`EthernetInterfaces`). @public */
export async function listEthernetInterfaces(
  source: InventorySource,
  system?: RedfishResource,
  unreadable: UnreadableResource[] = [],
): Promise<EthernetInterfaceInfo[]> {
  const sys = system ?? (await source.client.get(source.systemPath));
  const nics = await members(source, linkOf(sys.EthernetInterfaces), unreadable);
  return nics.map((nic, i) => parseEthernetInterface(nic, `nic${i}`));
}

/** Ironic `cpu_arch` from processors (InstructionSet first, then ProcessorArchitecture). @public */
export function cpuArchOf(processors: readonly RedfishResource[]): string | null {
  for (const p of processors) {
    const set = str(p, 'InstructionSet');
    if (set && INSTRUCTION_SET_ARCH[set]) return INSTRUCTION_SET_ARCH[set];
  }
  for (const p of processors) {
    const arch = str(p, 'ProcessorArchitecture');
    if (arch && PROCESSOR_ARCH[arch]) return PROCESSOR_ARCH[arch];
  }
  return null;
}

/**
 * Parse a `ComputerSystem` and its already-read sub-resources into an inventory.
 * Pure and tolerant: absent or odd fields leave the matching values null.
 * @public
 */
export function parseInventory(parts: {
  system: RedfishResource;
  processors: readonly RedfishResource[];
  memory: readonly RedfishResource[];
  interfaces: readonly EthernetInterfaceInfo[];
  disks: readonly DiskInfo[];
}): RedfishInventory {
  const { system } = parts;
  const cpus = parts.processors.filter((p) => present(p) && (str(p, 'ProcessorType') ?? 'CPU') === 'CPU');
  const summary = obj(system, 'ProcessorSummary');
  const threads = cpus.reduce((sum, p) => sum + (num(p, 'TotalThreads') ?? num(p, 'TotalCores') ?? 0), 0);
  const count = threads > 0 ? threads : (num(summary, 'LogicalProcessorCount') ?? num(summary, 'Count'));
  const arch = cpuArchOf(cpus);
  const first = cpus[0];
  const memoryGiB = num(obj(system, 'MemorySummary'), 'TotalSystemMemoryGiB');
  const dimmMiB = parts.memory
    .filter((m) => present(m) && (str(m, 'MemoryType') ?? 'DRAM') !== 'IntelOptane')
    .reduce((sum, m) => sum + (num(m, 'CapacityMiB') ?? 0), 0);
  const memoryMb =
    memoryGiB !== null && memoryGiB > 0 ? Math.round(memoryGiB * 1024) : dimmMiB > 0 ? dimmMiB : null;

  // Ironic: the smallest disk of at least 4 GiB (volumes when there are any), minus 1 GiB.
  const volumes = parts.disks.filter((d) => d.kind === 'volume');
  const candidates = (volumes.length > 0 ? volumes : parts.disks)
    .map((d) => d.size)
    .filter((s) => s >= MIN_DISK_BYTES);
  const smallest = candidates.length > 0 ? Math.min(...candidates) : 0;
  const localGb = smallest > 0 ? Math.max(0, Math.floor(smallest / GiB - 1)) : null;
  const mode = str(obj(system, 'Boot'), 'BootSourceOverrideMode');

  const properties: RedfishInventory['properties'] = {};
  if (count !== null && count > 0) properties.cpus = count;
  if (arch !== null) properties.cpu_arch = arch;
  if (memoryMb !== null) properties.memory_mb = memoryMb;
  if (localGb !== null) properties.local_gb = localGb;

  return {
    cpu: {
      count: count ?? null,
      architecture: arch,
      model_name: (first ? str(first, 'Model') : null) ?? str(summary, 'Model'),
      frequency: first ? (num(first, 'MaxSpeedMHz') ?? num(first, 'OperatingSpeedMHz')) : null,
      sockets: cpus.length,
    },
    memory: { total: memoryMb === null ? null : memoryMb * 1024 * 1024, physical_mb: memoryMb },
    disks: [...parts.disks],
    interfaces: [...parts.interfaces],
    system_vendor: {
      manufacturer: str(system, 'Manufacturer'),
      product_name: str(system, 'Model'),
      serial_number: str(system, 'SerialNumber'),
      sku: str(system, 'SKU'),
    },
    boot: { current_boot_mode: mode === 'UEFI' ? 'uefi' : mode === 'Legacy' ? 'bios' : null },
    properties,
  };
}

function diskOf(resource: RedfishResource, kind: DiskInfo['kind'], fallback: string): DiskInfo | null {
  const size = num(resource, 'CapacityBytes');
  if (size === null || size <= 0 || !present(resource)) return null;
  const media = str(resource, 'MediaType');
  return {
    name: str(resource, 'Id') ?? str(resource, 'Name') ?? fallback,
    size,
    model: str(resource, 'Model'),
    vendor: str(resource, 'Manufacturer'),
    serial: str(resource, 'SerialNumber'),
    rotational: media === 'HDD' ? true : media === 'SSD' ? false : null,
    kind,
  };
}

/** Local disks from `Storage` (drives and volumes) and `SimpleStorage`. @public */
export async function listDisks(
  source: InventorySource,
  system: RedfishResource,
  unreadable: UnreadableResource[] = [],
): Promise<DiskInfo[]> {
  const disks: DiskInfo[] = [];
  for (const storage of await members(source, linkOf(system.Storage), unreadable)) {
    for (const [i, link] of arr(storage, 'Drives').map(linkOf).entries()) {
      const drive = await maybeGet(source, link, unreadable);
      const disk = drive && diskOf(drive, 'drive', `drive${i}`);
      if (disk) disks.push(disk);
    }
    for (const [i, volume] of (await members(source, linkOf(storage.Volumes), unreadable)).entries()) {
      const disk = diskOf(volume, 'volume', `volume${i}`);
      if (disk) disks.push(disk);
    }
  }
  for (const simple of await members(source, linkOf(system.SimpleStorage), unreadable)) {
    for (const [i, device] of arr(simple, 'Devices').entries()) {
      if (!isResource(device)) continue;
      const disk = diskOf(device, 'simple', `${str(simple, 'Id') ?? 'simple'}-${i}`);
      if (disk) disks.push(disk);
    }
  }
  return disks;
}

/**
 * Read everything inspection needs from the BMC and build the inventory. Sub-resources
 * the BMC lacks (404) are skipped; those it fails to serve (5xx after retries) are skipped
 * and listed in `unreadable`. Only the System itself is required.
 * @public
 */
export async function collectInventory(source: InventorySource): Promise<RedfishInventory> {
  const system = await source.client.get(source.systemPath);
  const unreadable: UnreadableResource[] = [];
  const [processors, memory, interfaces, disks] = [
    await members(source, linkOf(system.Processors), unreadable),
    await members(source, linkOf(system.Memory), unreadable),
    await listEthernetInterfaces(source, system, unreadable),
    await listDisks(source, system, unreadable),
  ];
  return { ...parseInventory({ system, processors, memory, interfaces, disks }), unreadable };
}

/** The inventory as JSON for `driver_internal_info.inventory` (Ironic/IPA field names). @public */
export function inventoryToJson(inventory: RedfishInventory): JsonObject {
  return {
    cpu: { ...inventory.cpu },
    memory: { ...inventory.memory },
    disks: inventory.disks.map((d) => ({
      name: d.name,
      size: d.size,
      model: d.model,
      vendor: d.vendor,
      serial: d.serial,
      rotational: d.rotational,
      kind: d.kind,
    })),
    interfaces: inventory.interfaces.map((n) => ({
      name: n.name,
      mac_address: n.mac,
      enabled: n.enabled,
      speed_mbps: n.speedMbps,
      has_carrier: n.hasCarrier,
    })),
    system_vendor: { ...inventory.system_vendor },
    boot: { ...inventory.boot },
  };
}
