import {
  cleanStep,
  DeployInterface,
  type HeartbeatArgs,
  InvalidParameterValue,
  PowerState,
  type PropertyDescriptions,
  ProvisionState,
  type RamdiskParams,
  type StepResult,
  type Task,
} from '@ferric/core';
import { commandErrorMessage } from '../client/agent-client.js';
import { getAgentConfig } from '../config.js';
import { AgentConnectionFailed, AgentInProgress } from '../errors.js';
import {
  AgentInfoKey,
  agentClientFor,
  agentRamdiskParams,
  pendingCommand,
  recordProgress,
  setPendingCommand,
  wipeAgentInfo,
} from './agent-info.js';

/** `driver_info` keys of the agent interfaces. @public */
export const AGENT_DRIVER_INFO: PropertyDescriptions = {
  agent_callback_url: {
    description:
      'URL the conductor reaches the agent at, reported by the agent instead of its own address (NAT, e.g. QEMU user networking). Optional.',
  },
};

/** The waiting state of the step kind the node is in. */
function waitState(task: Task): 'wait call-back' | 'clean wait' | 'service wait' | null {
  switch (task.node.provisionState) {
    case ProvisionState.DEPLOYWAIT:
    case ProvisionState.DEPLOYING:
      return ProvisionState.DEPLOYWAIT;
    case ProvisionState.CLEANWAIT:
    case ProvisionState.CLEANING:
      return ProvisionState.CLEANWAIT;
    case ProvisionState.SERVICEWAIT:
    case ProvisionState.SERVICING:
      return ProvisionState.SERVICEWAIT;
    default:
      return null;
  }
}

/**
 * What every agent-driven deploy interface shares (Ironic `AgentBaseMixin` + `HeartbeatMixin`): booting
 * the agent ramdisk, agent cleaning (`erase_devices_metadata`), asynchronous agent commands whose
 * completion the heartbeat detects — then `task.notifyResume()` continues the steps.
 * @public
 */
export abstract class AgentDeployBase extends DeployInterface {
  getProperties(): PropertyDescriptions {
    return AGENT_DRIVER_INFO;
  }

  /** Checks that the API URL the ramdisk calls is configured. */
  validate(_task: Task): void {
    if (!getAgentConfig().apiUrl) {
      throw new InvalidParameterValue(
        'The agent needs the API URL the ramdisk reaches: configureAgent({ apiUrl }) or $FERRIC_AGENT_API_URL.',
      );
    }
  }

  /** Boot the agent ramdisk: forget the old agent, prepare the boot, power the node (back) on. */
  protected async bootAgent(task: Task, extraParams: RamdiskParams = {}): Promise<void> {
    wipeAgentInfo(task);
    await task.save();
    await task.driver.boot.prepareRamdisk(task, agentRamdiskParams(task, extraParams));
    const power = await task.driver.power.getPowerState(task);
    if (power === PowerState.ON) await task.driver.power.reboot(task);
    else await task.driver.power.setPowerState(task, PowerState.ON);
    task.node.powerState = PowerState.ON;
    await task.save();
  }

  /** Power the node off and remove the ramdisk boot (end of cleaning, failed agent work). */
  protected async shutDownAgent(task: Task): Promise<void> {
    await task.driver.power.setPowerState(task, PowerState.OFF);
    task.node.powerState = PowerState.OFF;
    await task.driver.boot.cleanUpRamdisk(task);
    wipeAgentInfo(task);
  }

  /**
   * Start `name` on the agent without waiting and remember it: the heartbeat polls it and resumes
   * the steps when it finished. After a conductor restart the same command may already run on the
   * agent (409): it is adopted instead of started twice.
   */
  protected async startAgentCommand(
    task: Task,
    name: string,
    params: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const client = agentClientFor(task);
    let id: string;
    try {
      id = (await client.executeCommand(name, params)).id;
    } catch (err) {
      if (!(err instanceof AgentInProgress)) throw err;
      const running = (await client.listCommands()).find(
        (c) => c.command_name === name && c.command_status === 'RUNNING',
      );
      if (!running) throw err;
      task.logger.warn({ command: name }, 'adopting the agent command already running');
      id = running.id;
    }
    setPendingCommand(task, { id, name });
    await task.save();
    task.logger.info({ command: name, id }, 'agent command started');
  }

  /**
   * Undeploy: power the node off and remove the instance boot. The same for every agent deploy, as
   * Ironic's `AgentBaseMixin.tear_down` is; what differs between them is in `cleanUp`/`takeOver`.
   */
  async tearDown(task: Task): Promise<void> {
    await task.driver.power.setPowerState(task, PowerState.OFF);
    task.node.powerState = PowerState.OFF;
    await task.driver.boot.cleanUpInstance(task);
  }

  override async prepareCleaning(task: Task): Promise<typeof ProvisionState.CLEANWAIT> {
    await this.bootAgent(task);
    return ProvisionState.CLEANWAIT;
  }

  override async tearDownCleaning(task: Task): Promise<void> {
    await this.shutDownAgent(task);
  }

  /** Wipe partition tables and file-system signatures of the disks, in the agent (Ironic's step name). */
  @cleanStep({ priority: 99, abortable: true })
  async erase_devices_metadata(task: Task): Promise<StepResult> {
    await this.startAgentCommand(task, 'clean.execute_clean_step', {
      step: { step: 'erase_devices_metadata', interface: 'deploy', priority: 99 },
      node: { uuid: task.node.uuid },
    });
    return ProvisionState.CLEANWAIT;
  }

  /**
   * The agent checks in: record its URL, then — when the node waits for agent work — poll the pending
   * command; finished (or nothing pending: the agent just booted) ⇒ `notifyResume()`; failed ⇒ `fail`.
   */
  override async heartbeat(task: Task, args: HeartbeatArgs): Promise<void> {
    if (task.shared) await task.upgradeLock('agent heartbeat');
    const info = task.node.driverInternalInfo;
    info[AgentInfoKey.url] = args.callbackUrl;
    info[AgentInfoKey.lastHeartbeat] = new Date().toISOString();
    info[AgentInfoKey.version] = args.agentVersion;
    const wait = waitState(task);
    if (!wait || task.node.provisionState !== wait) {
      await task.save();
      return;
    }
    const pending = pendingCommand(task);
    if (!pending) {
      await task.save();
      task.notifyResume();
      return;
    }
    let status: Awaited<ReturnType<ReturnType<typeof agentClientFor>['getCommand']>>;
    try {
      status = await agentClientFor(task).getCommand(pending.id);
    } catch (err) {
      if (err instanceof AgentConnectionFailed && err.details.status === 404) {
        setPendingCommand(task, null);
        await this.failAgentWork(task, `The agent lost command ${pending.name} (did it reboot?).`);
        return;
      }
      await task.save();
      task.logger.warn({ err: (err as Error).message }, 'could not poll the agent command');
      return;
    }
    if (status.command_status === 'RUNNING') {
      if (status.command_progress) recordProgress(task, pending.name, status.command_progress);
      await task.save();
      return;
    }
    delete info[AgentInfoKey.progress];
    setPendingCommand(task, null);
    if (status.command_status === 'SUCCEEDED') {
      task.logger.info({ command: pending.name }, 'agent command succeeded');
      await task.save();
      task.notifyResume();
      return;
    }
    await this.failAgentWork(task, `Agent command ${pending.name} failed: ${commandErrorMessage(status)}`);
  }

  /** Fail the waiting deploy/clean/service with `message` (cleaning also sets maintenance, as Ironic). */
  protected async failAgentWork(task: Task, message: string): Promise<void> {
    task.logger.error({ state: task.node.provisionState }, message);
    if (task.node.provisionState === ProvisionState.CLEANWAIT) {
      task.node.maintenance = true;
      task.node.fault = 'clean failure';
      task.node.maintenanceReason = message;
    }
    await task.save();
    await task.processEvent('fail', { lastError: message });
  }
}
