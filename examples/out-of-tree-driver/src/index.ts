/**
 * `ferric-driver-acme`: an example out-of-tree Ferric driver. Its default export
 * is the plugin a runtime loads by module specifier (`plugins: ['ferric-driver-acme']`).
 * @packageDocumentation
 */
import { definePlugin } from '@ferric/core';
import { AcmeHardware } from './acme-hardware.js';
import { AcmePower } from './acme-power.js';
import { AcmeVendor } from './acme-vendor.js';

export { AcmeHardware } from './acme-hardware.js';
export { AcmePower } from './acme-power.js';
export { AcmeVendor } from './acme-vendor.js';
export { ACME_PROPERTIES } from './driver-info.js';

/** The plugin: one hardware type and its two interfaces, under Ironic-style names. */
export default definePlugin({
  name: 'ferric-driver-acme',
  hardwareTypes: { acme: AcmeHardware },
  interfaces: { power: { acme: AcmePower }, vendor: { acme: AcmeVendor } },
});
