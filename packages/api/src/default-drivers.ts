/**
 * What a `ferric serve` without driver settings runs, the way Ironic's defaults do: the first-party
 * hardware types `ipmi` and `redfish` next to `fake-hardware` and `manual-management`, with the
 * boot (`ipxe`, `pxe`, `redfish-virtual-media`), deploy (`direct`, `ramdisk`) and inspect, RAID,
 * BIOS, firmware and management implementations of the first-party packages.
 *
 * Narrowing it is configuration: a `plugins` list replaces {@link FIRST_PARTY_PLUGINS} (`[]` for
 * none) and `conductor.enabledHardwareTypes` (or any `conductor.enabled<Type>Interfaces`) replaces
 * the enabled sets.
 */

/** The first-party driver packages a default `ferric serve` loads. @public */
export const FIRST_PARTY_PLUGINS: readonly string[] = Object.freeze([
  '@ferric/drivers-ipmi',
  '@ferric/drivers-redfish',
  '@ferric/boot-pxe',
  '@ferric/boot-ipxe',
  '@ferric/boot-vmedia',
  '@ferric/agent',
]);

/** Hardware types a default `ferric serve` enables. @public */
export const DEFAULT_HARDWARE_TYPES: readonly string[] = Object.freeze([
  'ipmi',
  'redfish',
  'fake-hardware',
  'manual-management',
]);

/**
 * Fills in the default drivers when the merged configuration names no `plugins`: the first-party
 * packages, and (unless `conductor.enabledHardwareTypes` is set) the default hardware types.
 * A configuration that lists its plugins keeps exactly what it lists.
 */
export function withDefaultDrivers(merged: Record<string, unknown>): Record<string, unknown> {
  if (merged.plugins !== undefined) return merged;
  const conductor = (merged.conductor ?? {}) as Record<string, unknown>;
  const isObject = typeof conductor === 'object' && conductor !== null && !Array.isArray(conductor);
  return {
    ...merged,
    plugins: [...FIRST_PARTY_PLUGINS],
    // A malformed conductor section is left for the schema to report.
    ...(isObject && conductor.enabledHardwareTypes === undefined
      ? { conductor: { ...conductor, enabledHardwareTypes: [...DEFAULT_HARDWARE_TYPES] } }
      : {}),
  };
}
