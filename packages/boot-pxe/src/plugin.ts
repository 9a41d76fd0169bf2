import { definePlugin } from '@ferric/core';
import { PXEBoot } from './pxe-boot.js';

/** The plugin registering {@link PXEBoot} as boot interface `pxe`. @public */
export const pxePlugin = definePlugin({
  name: '@ferric/boot-pxe',
  interfaces: { boot: { pxe: PXEBoot } },
});
