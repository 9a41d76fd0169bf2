import { describe, expect, it } from 'vitest';
import type { AbstractHardwareType, HardwareTypeClass } from '../hardware-type.js';
import { checkConformance } from './conformance.js';

/**
 * Register the conformance suite as vitest tests — one test per check — in a
 * vendor's own test file:
 *
 * ```ts
 * import { describeConformance } from '@ferric/core/testing';
 * describeConformance(AcmeHardware);
 * ```
 * @public
 */
export function describeConformance(hardwareType: HardwareTypeClass | AbstractHardwareType): void {
  const name = typeof hardwareType === 'function' ? hardwareType.name : hardwareType.constructor.name;
  describe(`${name} conforms to the Ferric driver contract`, async () => {
    const report = await checkConformance(hardwareType);
    for (const check of report.checks) {
      it(check.name, () => {
        expect(check.ok, check.message).toBe(true);
      });
    }
  });
}
