import { FerricError, type FerricErrorOptions } from './ferric-error.js';

/*
 * The error catalogue drivers and runtimes share. Codes and HTTP statuses follow
 * Ironic's exceptions (ironic/common/exception.py) so that API clients retry and
 * report exactly as they do against Ironic: 400 invalid input, 404 missing,
 * 409 conflicts (clients retry), 503 temporary failures (clients retry).
 */

/** Input was syntactically fine but semantically wrong (HTTP 400). @public */
export class Invalid extends FerricError {
  static override readonly code: string = 'Invalid';
  static override readonly httpStatus: number = 400;
}

/** A parameter (driver_info, instance_info, argument) has a bad value. @public */
export class InvalidParameterValue extends Invalid {
  static override readonly code: string = 'InvalidParameterValue';
}

/** A required parameter (usually a driver_info key) is missing. @public */
export class MissingParameterValue extends Invalid {
  static override readonly code: string = 'MissingParameterValue';
}

/** The requested state change is not allowed from the node's current state. @public */
export class InvalidState extends Invalid {
  static override readonly code: string = 'InvalidState';
}

/** An event the provision state machine does not accept in the current state. @public */
export class InvalidStateTransition extends InvalidState {
  static override readonly code: string = 'InvalidStateTransition';
  constructor(
    readonly state: string,
    readonly event: string,
    options: FerricErrorOptions = {},
  ) {
    super(`Can not transition from state '${state}' on event '${event}' (no transition defined).`, {
      ...options,
      details: { state, event, ...options.details },
    });
  }
}

/** The interface implementation does not support this operation. @public */
export class UnsupportedDriverExtension extends Invalid {
  static override readonly code: string = 'UnsupportedDriverExtension';
}

/** No enabled implementation can serve as default for an interface of a hardware type. @public */
export class NoValidDefaultForInterface extends Invalid {
  static override readonly code: string = 'NoValidDefaultForInterface';
}

/** The chosen implementation is not supported by the node's hardware type. @public */
export class IncompatibleInterface extends Invalid {
  static override readonly code: string = 'IncompatibleInterface';
}

/** The implementation name is registered but not enabled by configuration. @public */
export class InterfaceNotEnabled extends Invalid {
  static override readonly code: string = 'InterfaceNotEnabled';
}

/** No implementation is registered under this name. @public */
export class InterfaceNotFound extends Invalid {
  static override readonly code: string = 'InterfaceNotFound';
}

/** Something looked up does not exist (HTTP 404). @public */
export class NotFound extends FerricError {
  static override readonly code: string = 'NotFound';
  static override readonly httpStatus: number = 404;
}

/** No hardware type is registered (or enabled) under this name. @public */
export class DriverNotFound extends NotFound {
  static override readonly code: string = 'DriverNotFound';
}

/** No node with this UUID or name. @public */
export class NodeNotFound extends NotFound {
  static override readonly code: string = 'NodeNotFound';
}

/** The request conflicts with the current state of a resource (HTTP 409). @public */
export class Conflict extends FerricError {
  static override readonly code: string = 'Conflict';
  static override readonly httpStatus: number = 409;
}

/** Another conductor or task holds the node's exclusive lock (HTTP 409; clients retry). @public */
export class NodeLocked extends Conflict {
  static override readonly code: string = 'NodeLocked';
  constructor(
    readonly node: string,
    readonly host: string,
    options: FerricErrorOptions = {},
  ) {
    super(`Node ${node} is locked by host ${host}, please retry after the current operation is completed.`, {
      ...options,
      details: { node, host, ...options.details },
    });
  }
}

/** A temporary condition; the client should retry later (HTTP 503). @public */
export class TemporaryFailure extends FerricError {
  static override readonly code: string = 'TemporaryFailure';
  static override readonly httpStatus: number = 503;
}

/** The conductor's bounded worker pool is full (HTTP 503; clients retry). @public */
export class NoFreeConductorWorker extends TemporaryFailure {
  static override readonly code: string = 'NoFreeConductorWorker';
  constructor(options: FerricErrorOptions = {}) {
    super('Requested action cannot be performed due to lack of free conductor workers.', options);
  }
}

/** Too many deploys or cleanings are running in the cluster (HTTP 503; clients retry). @public */
export class ConcurrentActionLimit extends TemporaryFailure {
  static override readonly code: string = 'ConcurrentActionLimit';
}

/** A driver operation failed on the hardware or its BMC (HTTP 500). @public */
export class DriverOperationError extends FerricError {
  static override readonly code: string = 'DriverOperationError';
}

/** The BMC did not reach the requested power state. @public */
export class PowerStateFailure extends DriverOperationError {
  static override readonly code: string = 'PowerStateFailure';
}

/** A vendor passthru method failed. @public */
export class VendorPassthruError extends DriverOperationError {
  static override readonly code: string = 'VendorPassthruError';
}

/** A driver plugin could not be loaded or is malformed. @public */
export class DriverLoadError extends FerricError {
  static override readonly code: string = 'DriverLoadError';
}

/** A plugin's configuration section does not match its `configSchema`. @public */
export class PluginConfigError extends DriverLoadError {
  static override readonly code: string = 'PluginConfigError';
  constructor(message: string, details: { issues?: readonly string[] } = {}) {
    super(message, { details });
  }
}

/** Decorator metadata is malformed (bad spacing, priority, argsinfo…). @public */
export class InvalidDecoratorUsage extends FerricError {
  static override readonly code: string = 'InvalidDecoratorUsage';
}

/** No port with this UUID or name (HTTP 404). @public */
export class PortNotFound extends NotFound {
  static override readonly code: string = 'PortNotFound';
  constructor(
    readonly port: string,
    options: FerricErrorOptions = {},
  ) {
    super(`Port ${port} could not be found.`, { ...options, details: { port, ...options.details } });
  }
}

/** No conductor registered under this host name (HTTP 404). @public */
export class ConductorNotFound extends NotFound {
  static override readonly code: string = 'ConductorNotFound';
  constructor(
    readonly conductor: string,
    options: FerricErrorOptions = {},
  ) {
    super(`Conductor ${conductor} could not be found.`, {
      ...options,
      details: { conductor, ...options.details },
    });
  }
}

/** No live conductor serves the node's hardware type in its conductor group (HTTP 404, as Ironic). @public */
export class NoValidHost extends NotFound {
  static override readonly code: string = 'NoValidHost';
}

/** A unique value (node or port name, MAC address, instance UUID) is already taken (HTTP 409). @public */
export class DuplicateEntry extends Conflict {
  static override readonly code: string = 'DuplicateEntry';
}
