/**
 * `@ferric/boot-vmedia`: virtual-media boot — `redfish-virtual-media` and the
 * generic `virtual-media` — with bootable ISO and parameter-floppy building.
 * @packageDocumentation
 */
import { vmediaPlugin } from './plugin.js';

export {
  type BootConfig,
  BootHttpServer,
  type BootIsoOptions,
  buildBootIso,
  buildParameterImage,
  configureBoot,
  getBootConfig,
  startBootServices,
} from '@ferric/boot-common';
export { RedfishVirtualMediaBoot, VirtualMediaBoot, VMEDIA_PROPERTIES } from './vmedia-boot.js';
export { publishBootIso, publishParameterImage, VmediaLayout } from './vmedia-images.js';
export { vmediaPlugin };

export default vmediaPlugin;
