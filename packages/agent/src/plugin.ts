import { definePlugin, type FerricPlugin } from '@ferric/core';
import { DirectDeploy } from './deploy/direct-deploy.js';
import { createImageCache, IMAGE_CACHE, type ImageCacheSettings } from './deploy/instance-image.js';
import { RamdiskDeploy } from './deploy/ramdisk-deploy.js';
import { AgentInspect } from './inspect/agent-inspect.js';

/**
 * What `@ferric/agent` registers: deploy `direct` and `ramdisk`, inspect `agent` — the names Ironic's
 * hardware types (e.g. `redfish`) list, so they light up once this plugin is loaded — and, per
 * conductor, the image cache `direct` serves converted images from ({@link IMAGE_CACHE}).
 * @public
 */
export const agentPlugin: FerricPlugin = definePlugin({
  name: '@ferric/agent',
  interfaces: {
    deploy: { direct: DirectDeploy, ramdisk: RamdiskDeploy },
    inspect: { agent: AgentInspect },
  },
  register(env) {
    // Each conductor gets its own image cache (its `imageCache` settings, if any).
    const section = (env.config ?? {}) as { imageCache?: ImageCacheSettings };
    env.provide(IMAGE_CACHE, { useFactory: () => createImageCache(section.imageCache ?? {}, env.logger) });
  },
});
