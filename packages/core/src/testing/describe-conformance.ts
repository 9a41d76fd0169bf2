import type { AbstractHardwareType, HardwareTypeClass } from '../hardware-type.js';
import { checkConformance } from './conformance.js';

/**
 * Register the conformance suite as vitest tests — one test per check — in a
 * vendor's own test file:
 *
 * ```ts
 * import { describeConformance } from '@ferric/core/testing';
 * await describeConformance(AcmeHardware);
 * ```
 *
 * vitest is imported lazily, so the rest of `@ferric/core/testing` works without it.
 * @public
 */
export async function describeConformance(
  hardwareType: HardwareTypeClass | AbstractHardwareType,
): Promise<void> {
  const { describe, expect, it } = await import('vitest');
  const name = typeof hardwareType === 'function' ? hardwareType.name : hardwareType.constructor.name;
  const report = await checkConformance(hardwareType);
  describe(`${name} conforms to the Ferric driver contract`, () => {
    for (const check of report.checks) {
      it(check.name, () => {
        expect(check.ok, check.message).toBe(true);
      });
    }
  });
}
