/**
 * `@ferric/api`: Ferric's Ironic-compatible REST API (v1, microversions 1.1–1.78) on Fastify, with
 * Ironic's error bodies, JSON Patch updates, secret masking, noauth/http_basic/token auth, a
 * Server-Sent Events stream of node events and an OpenAPI document; plus the all-in-one
 * `ferric serve` service.
 *
 * The API talks to the conductor only through `ConductorRpc` (writes) and the read-only inventory.
 * @packageDocumentation
 */
export { type ApiServerOptions, createApiServer } from './app.js';
export {
  type AuthConfig,
  type Authenticator,
  createAuthenticator,
  InvalidAuthConfig,
  isLoopbackHost,
  parseHtpasswd,
} from './auth/index.js';
export type { ApiBackend, ApiEventSource, ApiInventory, DriverMetadata } from './backend.js';
export { main } from './cli.js';
export {
  ENV_VARS,
  InvalidServeConfig,
  loadServeConfig,
  type ServeConfig,
  type ServeConfigInput,
  serveConfigSchema,
} from './config.js';
export { DEFAULT_HARDWARE_TYPES, FIRST_PARTY_PLUGINS, withDefaultDrivers } from './default-drivers.js';
export { type DemoOptions, runDemo } from './demo.js';
export { createDriverMetadata } from './driver-metadata.js';
export { ApiError, errorBody, type IronicErrorBody, type IronicFault } from './errors.js';
export {
  type AppliedExtensions,
  applyExtensions,
  ExtensionConfigError,
  loadPlugins,
} from './extensions.js';
export {
  type AgentSection,
  agentConfigSchema,
  type BootSection,
  bootConfigSchema,
  pluginsConfigSchema,
} from './extensions-config.js';
export { LOG_REDACT_PATHS, MASK, SecretMasker } from './masking.js';
export {
  type ConsoleSection,
  consoleConfigSchema,
  type MetricsSection,
  metricsConfigSchema,
} from './observability-config.js';
export { buildOpenApi } from './openapi.js';
export {
  CLUSTER_ENV_VARS,
  type ClusterConfig,
  type ClusterConfigInput,
  clusterConfigSchema,
  InvalidClusterConfig,
  loadClusterConfig,
} from './process-config.js';
export { type ClusterProcess, clusterLogger, startApiProcess, startConductorProcess } from './processes.js';
export { type FerricService, type StartServiceOptions, startService } from './service.js';
export {
  API_MAJOR,
  MAX_MINOR,
  MIN_MINOR,
  parseRequestedVersion,
  VERSION_HEADERS,
  type VersionParse,
  versionString,
} from './versioning.js';
