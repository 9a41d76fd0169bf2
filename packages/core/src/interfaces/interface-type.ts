/**
 * The thirteen hardware interface types (Ironic `ALL_INTERFACES`).
 * @public
 */
export const INTERFACE_TYPES = [
  'boot',
  'deploy',
  'management',
  'network',
  'power',
  'bios',
  'console',
  'firmware',
  'inspect',
  'raid',
  'rescue',
  'storage',
  'vendor',
] as const;

/** One of {@link INTERFACE_TYPES}. @public */
export type InterfaceType = (typeof INTERFACE_TYPES)[number];

/** Interfaces every hardware type must provide a real implementation for. @public */
export const CORE_INTERFACES: readonly InterfaceType[] = ['boot', 'deploy', 'management', 'network', 'power'];

/** Interfaces that may be a `no-*` implementation. @public */
export const OPTIONAL_INTERFACES: readonly InterfaceType[] = [
  'bios',
  'console',
  'firmware',
  'inspect',
  'raid',
  'rescue',
  'storage',
];

/** True when `value` names an interface type. @public */
export function isInterfaceType(value: unknown): value is InterfaceType {
  return typeof value === 'string' && (INTERFACE_TYPES as readonly string[]).includes(value);
}
