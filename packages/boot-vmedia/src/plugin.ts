import { definePlugin } from '@ferric/core';
import { RedfishVirtualMediaBoot, VirtualMediaBoot } from './vmedia-boot.js';

/**
 * The plugin registering {@link RedfishVirtualMediaBoot} as `redfish-virtual-media`
 * and {@link VirtualMediaBoot} as `virtual-media` (any management interface that
 * can attach media).
 * @public
 */
export const vmediaPlugin = definePlugin({
  name: '@ferric/boot-vmedia',
  interfaces: {
    boot: { 'redfish-virtual-media': RedfishVirtualMediaBoot, 'virtual-media': VirtualMediaBoot },
  },
});
