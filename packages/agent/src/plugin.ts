import { definePlugin, type FerricPlugin } from '@ferric/core';
import { DirectDeploy } from './deploy/direct-deploy.js';
import { RamdiskDeploy } from './deploy/ramdisk-deploy.js';
import { AgentInspect } from './inspect/agent-inspect.js';

/**
 * What `@ferric/agent` registers: deploy `direct` and `ramdisk`, inspect `agent` — the names Ironic's
 * hardware types (e.g. `redfish`) list, so they light up once this plugin is loaded.
 * @public
 */
export const agentPlugin: FerricPlugin = definePlugin({
  name: '@ferric/agent',
  interfaces: {
    deploy: { direct: DirectDeploy, ramdisk: RamdiskDeploy },
    inspect: { agent: AgentInspect },
  },
});
