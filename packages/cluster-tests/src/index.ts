/**
 * `@ferric/cluster-tests` (private): helpers for multi-process cluster tests on real PostgreSQL and
 * RabbitMQ — per-test databases and vhosts, spawned `ferric conductor|api` processes, a retrying REST client.
 * @packageDocumentation
 */

export {
  FAST_CONDUCTOR,
  type Proc,
  ProcessCluster,
  pool,
  RPC_TOKEN,
  readLogs,
  sleep,
} from './cluster-harness.js';
export {
  AMQP_BASE_URL,
  createTestDatabase,
  createTestVhost,
  PG_ADMIN_URL,
  uniqueName,
  waitFor,
} from './services.js';
