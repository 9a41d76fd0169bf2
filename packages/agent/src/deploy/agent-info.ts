import type { JsonObject, RamdiskParams, Task } from '@ferric/core';
import { AgentClient } from '../client/agent-client.js';
import { getAgentConfig } from '../config.js';
import { AgentNotAvailable } from '../errors.js';

/** `driver_internal_info` keys (Ironic's names where Ironic has them). @public */
export const AgentInfoKey = {
  /** The agent's callback URL from its last heartbeat. */
  url: 'agent_url',
  /** The one-time token the API handed out at lookup. */
  token: 'agent_secret_token',
  lastHeartbeat: 'agent_last_heartbeat',
  version: 'agent_version',
  /** `{id, name}` of the asynchronous agent command a step waits for. */
  pending: 'agent_pending_command',
  /**
   * `{command, bytes_written, total_bytes, updated_at}` of the running agent command (the image
   * write), so a long deploy is not a silent `wait call-back`.
   */
  progress: 'deploy_progress',
} as const;

/** The command a waiting step started, as stored on the node. @public */
export interface PendingCommand {
  id: string;
  name: string;
}

/** Forget the running agent: URL, token and any pending command (before every agent boot and after). @public */
export function wipeAgentInfo(task: Task): void {
  const info = task.node.driverInternalInfo;
  for (const key of Object.values(AgentInfoKey)) delete info[key];
}

/** The pending command stored on the node, if any. @public */
export function pendingCommand(task: Task): PendingCommand | null {
  const value = task.node.driverInternalInfo[AgentInfoKey.pending];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { id, name } = value as JsonObject;
    if (typeof id === 'string' && typeof name === 'string') return { id, name };
  }
  return null;
}

/** Store (or clear with `null`) the pending command. @public */
export function setPendingCommand(task: Task, command: PendingCommand | null): void {
  if (command) task.node.driverInternalInfo[AgentInfoKey.pending] = { ...command };
  else delete task.node.driverInternalInfo[AgentInfoKey.pending];
}

/**
 * Record how far the running agent command got, from the status the heartbeat polled.
 * @public
 */
export function recordProgress(
  task: Task,
  command: string,
  progress: { bytes_written: number; total_bytes: number },
): void {
  task.node.driverInternalInfo[AgentInfoKey.progress] = {
    command,
    bytes_written: progress.bytes_written,
    total_bytes: progress.total_bytes,
    updated_at: new Date().toISOString(),
  };
}

/**
 * A client for the node's agent.
 * @throws {@link AgentNotAvailable} before the agent's first heartbeat.
 * @public
 */
export function agentClientFor(task: Task): AgentClient {
  const info = task.node.driverInternalInfo;
  const url = info[AgentInfoKey.url];
  const token = info[AgentInfoKey.token];
  if (typeof url !== 'string' || !url) {
    throw new AgentNotAvailable(`Node ${task.node.uuid} has no agent callback URL yet.`);
  }
  if (typeof token !== 'string' || !token) {
    throw new AgentNotAvailable(`Node ${task.node.uuid} has no agent token.`);
  }
  return new AgentClient({ url, token });
}

/**
 * Kernel parameters of an agent boot: `ipa-api-url`, the heartbeat interval and port, and
 * `ferric-agent-advertise-url` from `driver_info.agent_callback_url` (for NAT'd networks).
 * @public
 */
export function agentRamdiskParams(task: Task, extra: RamdiskParams = {}): RamdiskParams {
  const config = getAgentConfig();
  const params: Record<string, string> = {
    'ipa-api-url': config.apiUrl ?? '',
    'ferric-heartbeat-interval': String(config.heartbeatInterval),
    'ferric-agent-port': String(config.agentPort),
  };
  const advertise = task.node.driverInfo.agent_callback_url;
  if (typeof advertise === 'string' && advertise) params['ferric-agent-advertise-url'] = advertise;
  return { ...params, ...config.extraKernelParams, ...extra };
}
