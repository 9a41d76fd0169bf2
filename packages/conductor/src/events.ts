import { EventEmitter } from 'eventemitter3';

/** Fields every node event carries. */
export interface NodeEventBase {
  /** Node UUID. */
  node: string;
  /** Host of the conductor that emitted the event. */
  host: string;
  /** Request id of the API call that caused it, if any. */
  requestId: string | null;
  /** When it happened. */
  at: Date;
}

/** `provision_state` (and/or its target) changed. */
export interface ProvisionStateChangedEvent extends NodeEventBase {
  from: string;
  to: string;
  target: string | null;
  /** The state-machine event that caused it (absent for direct writes). */
  event?: string;
}

/** `power_state` changed. */
export interface PowerStateChangedEvent extends NodeEventBase {
  from: string | null;
  to: string | null;
}

/** Maintenance mode was switched. */
export interface MaintenanceChangedEvent extends NodeEventBase {
  maintenance: boolean;
  reason: string | null;
  fault: string | null;
}

/** `last_error` was set. */
export interface NodeErrorEvent extends NodeEventBase {
  error: string;
}

/** Node created or deleted. */
export interface NodeLifecycleEvent extends NodeEventBase {
  name: string | null;
}

/**
 * A deploy interface reported progress of long work (the agent writing the image), by setting
 * `driver_internal_info.deploy_progress` to `{command, bytes_written, total_bytes}`.
 */
export interface NodeProgressEvent extends NodeEventBase {
  /** The agent command (or step) that progressed. */
  command: string;
  bytesWritten: number;
  /** 0 when the size is not known. */
  totalBytes: number;
}

/**
 * A BMC-facing driver interface method (power, management, bios, firmware, raid, inspect, vendor,
 * console) settled. Emitted only while something listens for `driver.call` (see the metrics package).
 */
export interface DriverCallEvent extends NodeEventBase {
  /** The node's hardware type. */
  hardwareType: string;
  /** Interface type (`power`, `management`…). */
  interface: string;
  /** Method name (`getPowerState`…). */
  method: string;
  durationMs: number;
  /** Stable `code` of the error it failed with (`RedfishAuthenticationError`…), or `null`. */
  errorCode: string | null;
}

/** Fields of every periodic task event: one `periodic.started` and one outcome per run. */
export interface PeriodicEvent {
  /** Package-qualified id of the task (`@acme/ferric-driver:AcmePower.poll`). */
  id: string;
  /** Short `Class.method` name, for humans. */
  name: string;
  /** Host of the conductor that runs it. */
  host: string;
  /** When it happened. */
  at: Date;
}

/** A periodic run ended (`periodic.finished`, or `periodic.failed` with `error`). */
export interface PeriodicRunEndedEvent extends PeriodicEvent {
  /** Wall-clock duration of the run. */
  durationMs: number;
  /** The failure's message (`periodic.failed` only). */
  error?: string;
}

/** A due run did not start (`periodic.skipped`): the pool had no free worker; the next run is a spacing later. */
export interface PeriodicSkippedEvent extends PeriodicEvent {
  reason: string;
}

/** Map of event names to payloads of the conductor's event stream. */
export interface ConductorEvents {
  'node.created': (e: NodeLifecycleEvent) => void;
  'node.deleted': (e: NodeLifecycleEvent) => void;
  'node.provisionStateChanged': (e: ProvisionStateChangedEvent) => void;
  'node.powerStateChanged': (e: PowerStateChangedEvent) => void;
  'node.maintenanceChanged': (e: MaintenanceChangedEvent) => void;
  'node.error': (e: NodeErrorEvent) => void;
  'node.progress': (e: NodeProgressEvent) => void;
  'driver.call': (e: DriverCallEvent) => void;
  'periodic.started': (e: PeriodicEvent) => void;
  'periodic.finished': (e: PeriodicRunEndedEvent) => void;
  'periodic.failed': (e: PeriodicRunEndedEvent) => void;
  'periodic.skipped': (e: PeriodicSkippedEvent) => void;
}

/** Name of a conductor event. */
export type ConductorEventName = keyof ConductorEvents;

/** Payload of any conductor event. */
export type ConductorEventPayload = Parameters<ConductorEvents[ConductorEventName]>[0];

/**
 * Typed eventemitter3 stream of node events and periodic task runs. Listeners run synchronously after the change was
 * committed to the database; a throwing listener never breaks the conductor.
 */
export class ConductorEventStream extends EventEmitter<ConductorEvents> {}

/** Emits without letting a listener's exception escape into conductor code. */
export function emitSafely<K extends ConductorEventName>(
  stream: ConductorEventStream,
  name: K,
  payload: Parameters<ConductorEvents[K]>[0],
  onError: (err: unknown) => void,
): void {
  try {
    (stream.emit as (n: K, p: Parameters<ConductorEvents[K]>[0]) => boolean)(name, payload);
  } catch (err) {
    onError(err);
  }
}
