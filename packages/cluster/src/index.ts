/**
 * `@ferric/cluster`: Ferric as separate processes — `ferric-cluster conductor` and
 * `ferric-cluster api` — on a shared PostgreSQL database with JSON-RPC or AMQP conductor RPC.
 * @packageDocumentation
 */

export { main } from './cli.js';
export {
  CLUSTER_ENV_VARS,
  type ClusterConfig,
  type ClusterConfigInput,
  clusterConfigSchema,
  InvalidClusterConfig,
  loadClusterConfig,
} from './config.js';
export {
  type ClusterProcess,
  clusterLogger,
  loadPlugins,
  startApiProcess,
  startConductorProcess,
} from './processes.js';
