/**
 * `@ferric/agent`: Ferric's deploy agent — the busybox ramdisk agent (`ramdisk/`) and its
 * reproducible initramfs builder, the conductor-side agent client, and the agent-driven
 * interfaces: deploy `direct` and `ramdisk`, agent cleaning, inspect `agent`.
 *
 * ```ts
 * import agentPlugin, { configureAgent } from '@ferric/agent';
 * configureAgent({ apiUrl: 'http://192.0.2.1:6385' }); // what the ramdisk calls
 * createConductor({ plugins: [redfishPlugin, ipxePlugin, agentPlugin], … });
 * ```
 * @packageDocumentation
 */
import { agentPlugin } from './plugin.js';

// The writer lives in @ferric/boot-common (the test ramdisks use it too); still exported here for
// the agent's existing importers.
export { type CpioEntry, writeCpio } from '@ferric/boot-common/initramfs';
export {
  AGENT_MODULES,
  type AgentRamdisk,
  type BuildAgentOptions,
  buildAgentRamdisk,
  RAMDISK_SOURCE_DIR,
} from './builder/build-ramdisk.js';
export { fetchDebianKernel, findKernel, type UnpackedKernel } from './builder/debian-kernel.js';
export {
  type AgentCallOptions,
  AgentClient,
  type AgentCommandProgress,
  type AgentCommandResult,
  type AgentCommandStatus,
  type AgentEndpoint,
  commandErrorMessage,
} from './client/agent-client.js';
export { type AgentConfig, configureAgent, getAgentConfig } from './config.js';
export { AGENT_DRIVER_INFO, AgentDeployBase } from './deploy/agent-base.js';
export {
  AgentInfoKey,
  agentClientFor,
  agentRamdiskParams,
  type PendingCommand,
  pendingCommand,
  recordProgress,
  setPendingCommand,
  wipeAgentInfo,
} from './deploy/agent-info.js';
export { buildConfigDrive, configDriveFor } from './deploy/configdrive.js';
export { DirectDeploy } from './deploy/direct-deploy.js';
export { type ImageInfo, imageInfoFor } from './deploy/image-info.js';
export {
  createImageCache,
  IMAGE_CACHE,
  type ImageCacheSettings,
  type ImageDownloadSource,
  imageDownloadSource,
  localImageInfo,
} from './deploy/instance-image.js';
export { RamdiskDeploy } from './deploy/ramdisk-deploy.js';
export {
  AgentBuildError,
  AgentCommandFailed,
  AgentConnectionFailed,
  AgentInProgress,
  AgentNotAvailable,
} from './errors.js';
export { AgentInspect, propertiesFromInventory } from './inspect/agent-inspect.js';
export { agentPlugin };
export default agentPlugin;
