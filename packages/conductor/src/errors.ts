import { Conflict, FerricError, Invalid, NotFound } from '@ferric/core';

export {
  InvalidState,
  NodeLocked,
  NodeNotFound,
  NoFreeConductorWorker,
  TemporaryFailure,
} from '@ferric/core';

/** No port with this UUID or name (HTTP 404). @public */
export class PortNotFound extends NotFound {
  static override readonly code: string = 'PortNotFound';
  constructor(readonly port: string) {
    super(`Port ${port} could not be found.`, { details: { port } });
  }
}

/** No conductor registered under this host name (HTTP 404). @public */
export class ConductorNotFound extends NotFound {
  static override readonly code: string = 'ConductorNotFound';
  constructor(readonly conductor: string) {
    super(`Conductor ${conductor} could not be found.`, { details: { conductor } });
  }
}

/** No live conductor serves the node's hardware type in its conductor group (HTTP 404, as Ironic). @public */
export class NoValidHost extends NotFound {
  static override readonly code: string = 'NoValidHost';
}

/** A node or port name, MAC address or instance UUID is already taken (HTTP 409). @public */
export class DuplicateEntry extends Conflict {
  static override readonly code: string = 'DuplicateEntry';
}

/** The node cannot be changed or deleted in its current state (HTTP 409, Ironic's `NodeAssociated`/`InvalidState`). @public */
export class NodeInWrongState extends Conflict {
  static override readonly code: string = 'NodeInWrongState';
}

/** The configuration given to `createConductor` is invalid (every problem listed). @public */
export class InvalidConductorConfig extends Invalid {
  static override readonly code: string = 'InvalidConductorConfig';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid conductor configuration:\n  - ${problems.join('\n  - ')}`, { details: { problems } });
  }
}

/** A task was used after its lock was released or handed back on shutdown. @public */
export class TaskReleased extends FerricError {
  static override readonly code: string = 'TaskReleased';
}

/** The conductor is not running (not started yet, or stopping). @public */
export class ConductorNotRunning extends FerricError {
  static override readonly code: string = 'ConductorNotRunning';
  static override readonly httpStatus: number = 503;
}
