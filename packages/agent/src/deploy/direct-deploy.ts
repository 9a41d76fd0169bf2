import { deployStep, PowerState, ProvisionState, type StepResult, type Task } from '@ferric/core';
import { AgentDeployBase } from './agent-base.js';
import { agentClientFor, wipeAgentInfo } from './agent-info.js';
import { configDriveFor } from './configdrive.js';
import { imageInfoFor } from './image-info.js';

/**
 * `direct` deploy (Ironic `AgentDeploy`): the agent ramdisk streams the image from its URL onto the
 * root disk. Deploy steps, as Ironic: `deploy` (100, boot the agent) → `write_image` (80, in the agent,
 * with the config drive) → `prepare_instance_boot` (60) → `tear_down_agent` (40) → `boot_instance` (20).
 * Step names are Ironic's (hence snake_case methods).
 * @public
 */
export class DirectDeploy extends AgentDeployBase {
  /** Checks the agent configuration and, when set or deploying, `instance_info.image_source`. */
  override validate(task: Task): void {
    super.validate(task);
    if (task.node.provisionState === ProvisionState.DEPLOYING || task.node.instanceInfo.image_source) {
      imageInfoFor(task);
    }
  }

  /** Boot the agent; its first heartbeat continues with `write_image`. */
  @deployStep({ priority: 100 })
  async deploy(task: Task): Promise<StepResult> {
    imageInfoFor(task);
    await this.bootAgent(task);
    return ProvisionState.DEPLOYWAIT;
  }

  /** The agent downloads the image, writes it, verifies its checksum and adds the config drive. */
  @deployStep({ priority: 80 })
  async write_image(task: Task): Promise<StepResult> {
    const configdrive = await configDriveFor(task);
    await this.startAgentCommand(task, 'deploy.execute_deploy_step', {
      step: {
        step: 'write_image',
        interface: 'deploy',
        args: { image_info: imageInfoFor(task), ...(configdrive ? { configdrive } : {}) },
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
