import { InvalidParameterValue } from '@ferric/core';

/** Most traits a node may have (Ironic's `MAX_TRAITS_PER_NODE`). */
export const MAX_TRAITS_PER_NODE = 50;

const CUSTOM_TRAIT = /^CUSTOM_[A-Z0-9_]+$/;
// os-traits names are upper-case words joined by underscores (HW_CPU_X86_AVX2, COMPUTE_…).
const STANDARD_LOOKING_TRAIT = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/**
 * Whether `trait` is a valid trait name as Ironic's API accepts it: a custom trait `CUSTOM_[A-Z0-9_]+`,
 * or a standard (os-traits style) upper-case name; at most 255 characters.
 */
export function isValidTrait(trait: unknown): trait is string {
  if (typeof trait !== 'string' || trait.length < 1 || trait.length > 255) return false;
  return CUSTOM_TRAIT.test(trait) || STANDARD_LOOKING_TRAIT.test(trait);
}

/** Ironic's message for an invalid trait. */
export function invalidTraitMessage(trait: unknown): string {
  return (
    `Invalid trait ${JSON.stringify(trait)}. A valid trait must be no longer than 255 characters. ` +
    'Standard traits are defined in the os_traits library. A custom trait must start with the prefix ' +
    'CUSTOM_ and use the following characters: A-Z, 0-9 and _'
  );
}

/** @throws InvalidParameterValue for the first invalid trait. */
export function assertValidTraits(traits: readonly unknown[]): void {
  for (const t of traits) if (!isValidTrait(t)) throw new InvalidParameterValue(invalidTraitMessage(t));
}
