import { DriverOperationError, type FerricErrorOptions } from '@ferric/core';

/**
 * One entry of a Redfish `@Message.ExtendedInfo` array, as the BMC sent it (only the
 * fields the driver reports).
 * @public
 */
export interface RedfishMessageInfo {
  /** Registry-qualified id, e.g. `Base.1.8.PropertyValueNotInList`. */
  messageId: string;
  /** Human-readable text. */
  message: string;
  /** `OK`, `Warning` or `Critical`, when given. */
  severity: string | null;
  /** What the BMC suggests doing about it, when given. */
  resolution: string | null;
}

/** Options of {@link RedfishError} and its subclasses. @public */
export interface RedfishErrorOptions extends FerricErrorOptions {
  /** HTTP status the BMC answered with, when it answered. */
  status?: number | null;
  /** The BMC's `@Message.ExtendedInfo`. */
  messages?: readonly RedfishMessageInfo[];
}

/**
 * The BMC answered a Redfish request with an error (Ironic `RedfishError`).
 * `status` and `messages` carry the HTTP status and the BMC's `@Message.ExtendedInfo`;
 * they are also in `details` (`status`, `messageIds`). Never contains credentials.
 * @public
 */
export class RedfishError extends DriverOperationError {
  static override readonly code: string = 'RedfishError';
  /** HTTP status of the BMC's answer, or null when there was none. */
  readonly status: number | null;
  /** The BMC's `@Message.ExtendedInfo` entries. */
  readonly messages: readonly RedfishMessageInfo[];

  constructor(message: string, options: RedfishErrorOptions = {}) {
    const status = options.status ?? null;
    const messages = options.messages ?? [];
    super(message, {
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
      details: { status, messageIds: messages.map((m) => m.messageId), ...options.details },
    });
    this.status = status;
    this.messages = messages;
  }
}

/**
 * The BMC could not be reached, or the connection broke, timed out or failed TLS
 * verification, after the configured retries (Ironic `RedfishConnectionError`).
 * @public
 */
export class RedfishConnectionError extends RedfishError {
  static override readonly code: string = 'RedfishConnectionError';
}

/**
 * The BMC rejected the credentials (`redfish_username` / `redfish_password`), or
 * rejected them again right after a fresh login.
 * @public
 */
export class RedfishAuthenticationError extends RedfishError {
  static override readonly code: string = 'RedfishAuthenticationError';
}

/** A Redfish resource the driver needs does not exist on this BMC (HTTP 404). @public */
export class RedfishResourceNotFound extends RedfishError {
  static override readonly code: string = 'RedfishResourceNotFound';
}

/** A Redfish Task (firmware update, volume creation…) failed, was cancelled or timed out. @public */
export class RedfishTaskError extends RedfishError {
  static override readonly code: string = 'RedfishTaskError';
}
