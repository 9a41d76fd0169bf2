import type { ProvisionState } from '../states/provision-states.js';
import type { Task } from '../task.js';
import { BaseInterface, type StepResult } from './base-interface.js';

/** What the ramdisk agent reports with each heartbeat. @public */
export interface HeartbeatArgs {
  callbackUrl: string;
  agentVersion: string;
  agentVerifyCa?: string | null;
  agentStatus?: string | null;
  agentStatusMessage?: string | null;
}

/**
 * How an image gets onto the node's disk (Ironic `DeployInterface`).
 *
 * Deployment runs as deploy steps: `deploy` itself must be declared a
 * `@deployStep({ priority: 100 })` (as in Ironic) and further steps may follow.
 * @public
 */
export abstract class DeployInterface extends BaseInterface {
  get interfaceType(): 'deploy' {
    return 'deploy';
  }

  /** The main deploy step; returns `'wait call-back'` if it continues asynchronously. */
  abstract deploy(task: Task): Promise<StepResult>;
  /** Undo the deployment (power off, forget the instance). */
  abstract tearDown(task: Task): Promise<void>;
  /** Prepare the environment before deploying; idempotent. */
  abstract prepare(task: Task): Promise<void>;
  /** Remove whatever `prepare` created; idempotent, runs without an exclusive lock. */
  abstract cleanUp(task: Task): Promise<void>;
  /** Rebuild local state (boot config, caches) when this conductor takes the node over. */
  abstract takeOver(task: Task): Promise<void>;

  /** Boot the cleaning environment; return `'clean wait'` to wait for the agent. */
  async prepareCleaning(_task: Task): Promise<typeof ProvisionState.CLEANWAIT | undefined> {
    return undefined;
  }
  /** Tear the cleaning environment down. */
  async tearDownCleaning(_task: Task): Promise<void> {}
  /** Boot the servicing environment. */
  async prepareService(_task: Task): Promise<typeof ProvisionState.SERVICEWAIT | undefined> {
    return undefined;
  }
  /** Tear the servicing environment down. */
  async tearDownService(_task: Task): Promise<void> {}
  /** A ramdisk agent heartbeat for this node; agent-driven deploys continue their steps here. */
  async heartbeat(task: Task, _args: HeartbeatArgs): Promise<void> {
    task.logger.warn(
      { node: task.node.uuid },
      `Got a heartbeat, but ${this.constructor.name} does not use an agent.`,
    );
  }
  /** Whether this implementation can deploy this node (autodetect-style selection). */
  supportsDeploy(_task: Task): boolean {
    return true;
  }
}
