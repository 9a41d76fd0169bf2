/**
 * `@ferric/metrics`: Prometheus metrics (prom-client) for Ferric's API and conductor processes —
 * fleet gauges kept from the event stream and a periodic recount, provisioning transitions and time
 * per state, API requests, worker pool, periodics, driver (BMC) calls and process metrics — plus a
 * stand-alone listener for a separate metrics address.
 * @packageDocumentation
 */
export { type DriverErrorKind, driverErrorKind } from './error-kind.js';
export {
  FerricMetrics,
  type FerricMetricsOptions,
  type NodeSource,
  type ObservedConductor,
  type ObserveInventoryOptions,
} from './ferric-metrics.js';
export { type MetricsListener, type MetricsListenerOptions, startMetricsListener } from './listener.js';
export type { NodeDimension, NodeFacts } from './node-tally.js';
