/** A BIOS attribute value. */
export type BiosValue = string | number | boolean;

/** One entry of the emulated BIOS attribute registry. */
export interface BiosAttributeDefinition {
  /** Attribute name. */
  name: string;
  /** Registry type. */
  type: 'Enumeration' | 'String' | 'Integer' | 'Boolean';
  /** Factory default. */
  default: BiosValue;
  /** Allowed values for enumerations. */
  values?: string[];
  /** Bounds for integers. */
  min?: number;
  /** Bounds for integers. */
  max?: number;
  /** Read-only attributes cannot be set. */
  readOnly?: boolean;
  /** Display name. */
  displayName: string;
}

/** The emulated BIOS's attributes (a plausible subset of a server BIOS). */
export const BIOS_ATTRIBUTES: readonly BiosAttributeDefinition[] = [
  {
    name: 'BootMode',
    type: 'Enumeration',
    default: 'Uefi',
    values: ['Uefi', 'Bios'],
    displayName: 'Boot Mode',
  },
  {
    name: 'ProcVirtualization',
    type: 'Enumeration',
    default: 'Enabled',
    values: ['Enabled', 'Disabled'],
    displayName: 'Virtualization Technology',
  },
  {
    name: 'ProcTurboMode',
    type: 'Enumeration',
    default: 'Enabled',
    values: ['Enabled', 'Disabled'],
    displayName: 'Turbo Mode',
  },
  {
    name: 'LogicalProc',
    type: 'Enumeration',
    default: 'Enabled',
    values: ['Enabled', 'Disabled'],
    displayName: 'Logical Processor (Hyper-Threading)',
  },
  {
    name: 'SriovGlobalEnable',
    type: 'Enumeration',
    default: 'Disabled',
    values: ['Enabled', 'Disabled'],
    displayName: 'SR-IOV Global Enable',
  },
  {
    name: 'SerialConsole',
    type: 'Enumeration',
    default: 'Com1',
    values: ['Disabled', 'Com1', 'Com2'],
    displayName: 'Serial Console Redirection',
  },
  {
    name: 'EmbeddedSata',
    type: 'Enumeration',
    default: 'Raid',
    values: ['Ahci', 'Raid', 'Off'],
    displayName: 'Embedded SATA',
  },
  {
    name: 'PxeDev1EnDis',
    type: 'Enumeration',
    default: 'Enabled',
    values: ['Enabled', 'Disabled'],
    displayName: 'PXE Device 1',
  },
  {
    name: 'WorkloadProfile',
    type: 'Enumeration',
    default: 'Balanced',
    values: ['Balanced', 'MaxPerformance', 'PowerSaving'],
    displayName: 'Workload Profile',
  },
  { name: 'NumLock', type: 'Boolean', default: true, displayName: 'NumLock at Boot' },
  { name: 'AssetTag', type: 'String', default: '', displayName: 'Asset Tag' },
  {
    name: 'ProcCoreDisable',
    type: 'Integer',
    default: 0,
    min: 0,
    max: 64,
    displayName: 'Number of Cores to Disable',
  },
  {
    name: 'SystemServiceTag',
    type: 'String',
    default: 'FERRIC',
    readOnly: true,
    displayName: 'System Service Tag',
  },
];

/** The factory-default attributes. */
export function defaultBiosAttributes(): Record<string, BiosValue> {
  return Object.fromEntries(BIOS_ATTRIBUTES.map((a) => [a.name, a.default]));
}
