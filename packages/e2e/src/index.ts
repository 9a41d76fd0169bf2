/**
 * `@ferric/e2e` (private): the end-to-end test harness — Ferric all-in-one with the real drivers, as
 * `pnpm e2e` runs it against QEMU machines behind the Redfish emulator.
 * @packageDocumentation
 */
export { type AllInOne, type AllInOneOptions, startAllInOne } from './all-in-one.js';
export { type InspectionCallback, startInspectionCallback } from './inspection-callback.js';
