import { setTimeout as sleep } from 'node:timers/promises';
import { getAgentConfig } from '../config.js';
import { AgentCommandFailed, AgentConnectionFailed, AgentInProgress } from '../errors.js';

/** Status of an agent command (IPA's values). @public */
export type AgentCommandStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CLEAN_VERSION_MISMATCH';

/** One command as the agent reports it (`GET /v1/commands/<id>`). @public */
export interface AgentCommandResult {
  id: string;
  command_name: string;
  command_status: AgentCommandStatus;
  command_error: { type?: string; message?: string } | string | null;
  command_result: unknown;
  /** While it runs, how far it got (Ferric's agent reports it for `write_image`; IPA does not). */
  command_progress?: AgentCommandProgress;
}

/** How far a running agent command got. @public */
export interface AgentCommandProgress {
  /** Bytes written to the disk so far. */
  bytes_written: number;
  /** Size of the image being written, or 0 when the agent does not know it. */
  total_bytes: number;
}

/** Where and how to reach one node's agent. @public */
export interface AgentEndpoint {
  /** The callback URL from the heartbeat. */
  url: string;
  /** The agent token handed out at lookup (sent as `agent_token`, never logged). */
  token: string;
}

/** Options of one agent call. @public */
export interface AgentCallOptions {
  /** Wait for the command to finish (`?wait=true`). Default false. */
  wait?: boolean;
  /** Abort the call. */
  signal?: AbortSignal;
}

/** The message of a failed command. @public */
export function commandErrorMessage(result: AgentCommandResult): string {
  const err = result.command_error;
  if (typeof err === 'string') return err;
  return err?.message ?? `${result.command_name} failed`;
}

/**
 * Client of the ramdisk agent's command API (Ironic `AgentClient`): `POST /v1/commands/` with
 * `{name, params}`, `GET /v1/commands/<id>`, `GET /v1/status`. Connection errors are retried
 * (`maxCommandAttempts`), HTTP 409 becomes {@link AgentInProgress}.
 * @public
 */
export class AgentClient {
  constructor(private readonly endpoint: AgentEndpoint) {}

  #url(path: string, wait?: boolean): string {
    const u = new URL(path, this.endpoint.url.endsWith('/') ? this.endpoint.url : `${this.endpoint.url}/`);
    if (wait) u.searchParams.set('wait', 'true');
    u.searchParams.set('agent_token', this.endpoint.token);
    return u.toString();
  }

  async #request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    opts: AgentCallOptions = {},
  ): Promise<T> {
    const config = getAgentConfig();
    const attempts = Math.max(1, config.maxCommandAttempts);
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const signals = [AbortSignal.timeout(config.commandTimeoutMs)];
      if (opts.signal) signals.push(opts.signal);
      let response: Response;
      try {
        response = await fetch(this.#url(path, opts.wait), {
          method,
          signal: AbortSignal.any(signals),
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        });
      } catch (err) {
        lastError = err;
        if (opts.signal?.aborted) break;
        if (attempt < attempts) await sleep(500 * attempt);
        continue;
      }
      const text = await response.text();
      if (response.status === 409) throw new AgentInProgress(`The agent is busy: ${safeMessage(text)}`);
      if (!response.ok) {
        throw new AgentConnectionFailed(
          `Agent at ${this.endpoint.url} answered ${method} ${path} with HTTP ${response.status}: ${safeMessage(text)}`,
          { details: { status: response.status } },
        );
      }
      try {
        return JSON.parse(text) as T;
      } catch (err) {
        throw new AgentConnectionFailed(`Agent at ${this.endpoint.url} sent invalid JSON.`, { cause: err });
      }
    }
    const cause =
      lastError instanceof Error && lastError.cause instanceof Error ? lastError.cause : lastError;
    throw new AgentConnectionFailed(
      `Cannot reach the agent at ${this.endpoint.url}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause: lastError },
    );
  }

  /** Start (or, with `wait`, run) a command such as `deploy.execute_deploy_step`. */
  executeCommand(
    name: string,
    params: Readonly<Record<string, unknown>>,
    opts: AgentCallOptions = {},
  ): Promise<AgentCommandResult> {
    return this.#request('POST', 'v1/commands/', { name, params }, opts);
  }

  /** Run a command to completion and return its result; throws {@link AgentCommandFailed} on `FAILED`. */
  async runCommand<T = unknown>(name: string, params: Readonly<Record<string, unknown>> = {}): Promise<T> {
    const result = await this.executeCommand(name, params, { wait: true });
    if (result.command_status === 'FAILED') throw new AgentCommandFailed(commandErrorMessage(result));
    if (result.command_status === 'RUNNING') {
      throw new AgentConnectionFailed(`Agent command ${name} is still running after the wait.`);
    }
    return result.command_result as T;
  }

  /** The status of one command. */
  getCommand(id: string, opts: AgentCallOptions = {}): Promise<AgentCommandResult> {
    return this.#request('GET', `v1/commands/${encodeURIComponent(id)}`, undefined, opts);
  }

  /** Every command the agent ran since it booted (Ironic `get_commands_status`). */
  async listCommands(): Promise<AgentCommandResult[]> {
    const r = await this.#request<{ commands: AgentCommandResult[] }>('GET', 'v1/commands/');
    return r.commands;
  }

  /** The agent's status document (`{version, node}`). */
  status(): Promise<Record<string, unknown>> {
    return this.#request('GET', 'v1/status');
  }
}

/** Agent error bodies, shortened; never echoes the request (which holds the token). */
function safeMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: string };
    if (typeof body.message === 'string') return body.message.slice(0, 300);
  } catch {
    // not JSON
  }
  return text.slice(0, 300);
}
