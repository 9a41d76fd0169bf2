import { definePlugin } from '@ferric/core';
import { IPXEBoot } from './ipxe-boot.js';

/** The plugin registering {@link IPXEBoot} as boot interface `ipxe`. @public */
export const ipxePlugin = definePlugin({
  name: '@ferric/boot-ipxe',
  interfaces: { boot: { ipxe: IPXEBoot } },
});
