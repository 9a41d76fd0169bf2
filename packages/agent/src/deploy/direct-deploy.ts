import { deployStep, inject, PowerState, ProvisionState, type StepResult, type Task } from '@ferric/core';
import type { ImageCache } from '@ferric/image-cache';
import { AgentDeployBase } from './agent-base.js';
import { agentClientFor, wipeAgentInfo } from './agent-info.js';
import { configDriveFor } from './configdrive.js';
import { type ImageInfo, imageInfoFor } from './image-info.js';
import { IMAGE_CACHE, imageDownloadSource, localImageInfo } from './instance-image.js';

/**
 * `direct` deploy (Ironic `AgentDeploy`): the agent ramdisk streams the image from its URL onto the
 * root disk. Deploy steps, as Ironic: `deploy` (100, boot the agent) → `write_image` (80, in the agent,
 * with the config drive) → `prepare_instance_boot` (60) → `tear_down_agent` (40) → `boot_instance` (20).
 * Step names are Ironic's (hence snake_case methods).
 * @public
 */
export class DirectDeploy extends AgentDeployBase {
  /**
   * @param images the conductor's image cache (the agent plugin provides it); without it, only
   *   raw images streamed from their own URL (`image_download_source: http`) can be deployed.
   */
  constructor(@inject(IMAGE_CACHE) private readonly images?: ImageCache) {
    super();
  }

  /**
   * Checks the agent configuration and, when set or deploying, `instance_info.image_source` and
   * `image_download_source`.
   */
  override validate(task: Task): void {
    super.validate(task);
    if (task.node.provisionState === ProvisionState.DEPLOYING || task.node.instanceInfo.image_source) {
      imageInfoFor(task);
      imageDownloadSource(task);
    }
  }

  /**
   * `image_info` for the agent: the image's own URL for raw images with `image_download_source:
   * http`; otherwise the conductor verifies, converts and serves it (see {@link localImageInfo}).
   */
  private async agentImageInfo(task: Task): Promise<ImageInfo> {
    const info = imageInfoFor(task);
    if (imageDownloadSource(task) === 'http' && info.disk_format === 'raw') return info;
    return localImageInfo(task, info, this.images);
  }

  /** Boot the agent; its first heartbeat continues with `write_image`. */
  @deployStep({ priority: 100 })
  async deploy(task: Task): Promise<StepResult> {
    imageInfoFor(task);
    await this.bootAgent(task);
    return ProvisionState.DEPLOYWAIT;
  }

  /**
   * The agent downloads the image (from its URL, or from the conductor's cache), writes it,
   * verifies its checksum and adds the config drive.
   */
  @deployStep({ priority: 80 })
  async write_image(task: Task): Promise<StepResult> {
    const configdrive = await configDriveFor(task);
    await this.startAgentCommand(task, 'deploy.execute_deploy_step', {
      step: {
        step: 'write_image',
        interface: 'deploy',
        args: { image_info: await this.agentImageInfo(task), ...(configdrive ? { configdrive } : {}) },
      },
      node: { uuid: task.node.uuid },
    });
    return ProvisionState.DEPLOYWAIT;
  }

  /** Make the node boot the instance: local disk (whole-disk image) through the boot interface. */
  @deployStep({ priority: 60 })
  async prepare_instance_boot(task: Task): Promise<StepResult> {
    await task.driver.boot.prepareInstance(task);
    return undefined;
  }

  /** Flush the agent's writes, then power the node off. */
  @deployStep({ priority: 40 })
  async tear_down_agent(task: Task): Promise<StepResult> {
    try {
      await agentClientFor(task).runCommand('standby.sync');
    } catch (err) {
      task.logger.warn({ err: (err as Error).message }, 'agent sync failed; powering off anyway');
    }
    await task.driver.power.setPowerState(task, PowerState.OFF);
    task.node.powerState = PowerState.OFF;
    return undefined;
  }

  /** Power the instance on. */
  @deployStep({ priority: 20 })
  async boot_instance(task: Task): Promise<StepResult> {
    wipeAgentInfo(task);
    await task.driver.power.setPowerState(task, PowerState.ON);
    task.node.powerState = PowerState.ON;
    return undefined;
  }

  async prepare(_task: Task): Promise<void> {}

  async cleanUp(task: Task): Promise<void> {
    await task.driver.boot.cleanUpRamdisk(task);
    await task.driver.boot.cleanUpInstance(task);
  }

  async takeOver(task: Task): Promise<void> {
    if (task.node.provisionState === ProvisionState.ACTIVE) await task.driver.boot.prepareInstance(task);
  }
}
