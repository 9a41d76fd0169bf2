/** Process-wide settings of the agent-driven interfaces. @public */
export interface AgentConfig {
  /**
   * The Ferric API URL as the ramdisk reaches it (Ironic `[service_catalog]`/`ipa-api-url`), e.g.
   * `http://192.0.2.1:6385`. Required to boot the agent. Default `$FERRIC_AGENT_API_URL`.
   */
  apiUrl?: string;
  /**
   * Where the agent posts its inventory during in-band inspection (Ironic
   * `[inspector]callback_endpoint_override`). Default `<apiUrl>/v1/continue_inspection`.
   */
  inspectionCallbackUrl?: string;
  /** Seconds between agent heartbeats (kernel argument `ferric-heartbeat-interval`). Default 5. */
  heartbeatInterval: number;
  /** Port of the agent's command API inside the ramdisk. Default 9999. */
  agentPort: number;
  /** Timeout of one HTTP call to the agent, ms. Default 30 000. */
  commandTimeoutMs: number;
  /** Attempts of one agent call on connection errors (Ironic `max_command_attempts`). Default 3. */
  maxCommandAttempts: number;
  /** Extra kernel arguments for every agent boot (`ipa-debug=1`…). */
  extraKernelParams: Readonly<Record<string, string>>;
}

const KEY = Symbol.for('@ferric/agent.config');

function defaults(): AgentConfig {
  return {
    ...(process.env.FERRIC_AGENT_API_URL ? { apiUrl: process.env.FERRIC_AGENT_API_URL } : {}),
    heartbeatInterval: 5,
    agentPort: 9999,
    commandTimeoutMs: 30_000,
    maxCommandAttempts: 3,
    extraKernelParams: {},
  };
}

type Holder = { [KEY]?: AgentConfig };

/**
 * Configure the agent interfaces once per process, before the conductor starts (later calls merge
 * into earlier ones; kept on `globalThis` so duplicate package copies share it).
 * @public
 */
export function configureAgent(options: Partial<AgentConfig>): AgentConfig {
  const holder = globalThis as Holder;
  holder[KEY] = { ...(holder[KEY] ?? defaults()), ...options };
  return holder[KEY];
}

/** The current agent configuration. @public */
export function getAgentConfig(): AgentConfig {
  const holder = globalThis as Holder;
  holder[KEY] ??= defaults();
  return holder[KEY];
}
