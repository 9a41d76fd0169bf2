import { DriverOperationError, TemporaryFailure } from '@ferric/core';

/** The agent could not be reached or answered with an unexpected status (Ironic `AgentConnectionFailed`). @public */
export class AgentConnectionFailed extends TemporaryFailure {
  static override readonly code: string = 'AgentConnectionFailed';
}

/** The agent runs another command and refused a new one (HTTP 409; Ironic `AgentInProgress`). @public */
export class AgentInProgress extends TemporaryFailure {
  static override readonly code: string = 'AgentInProgress';
}

/** An agent command finished with `FAILED` (Ironic `AgentCommandFailed`-style). @public */
export class AgentCommandFailed extends DriverOperationError {
  static override readonly code: string = 'AgentCommandFailed';
}

/** The node has no live agent: no callback URL or token recorded yet. @public */
export class AgentNotAvailable extends DriverOperationError {
  static override readonly code: string = 'AgentNotAvailable';
}

/** The agent ramdisk could not be assembled (missing kernel, modules or busybox). @public */
export class AgentBuildError extends DriverOperationError {
  static override readonly code: string = 'AgentBuildError';
}
