import { DriverOperationError, type FerricErrorOptions } from '@ferric/core';

/**
 * Base class of every error raised by the IPMI client. It is a
 * `DriverOperationError`, so the conductor treats it as "the BMC operation
 * failed"; the subclass `code` says how, and `details` carries structured
 * context (never credentials).
 * @public
 */
export class IpmiError extends DriverOperationError {
  static override readonly code: string = 'IpmiError';
}

/** Options of {@link IpmiTimeoutError}. @public */
export interface IpmiTimeoutOptions extends FerricErrorOptions {
  /** What the silence most likely means at this step (default: unreachable, wrong port or not IPMI). */
  likelyCause?: string;
}

/**
 * The BMC did not answer within the per-request timeout after all retries: it
 * is down, the address or port is wrong, or a firewall drops IPMI — or, when it
 * goes silent after answering Open Session, the user name is unknown to it.
 * @public
 */
export class IpmiTimeoutError extends IpmiError {
  static override readonly code: string = 'IpmiTimeout';
  constructor(
    target: string,
    what: string,
    attempts: number,
    timeoutMs: number,
    options: IpmiTimeoutOptions = {},
  ) {
    const { likelyCause = 'unreachable, wrong port or not an IPMI LAN interface', ...rest } = options;
    super(
      `BMC ${target} did not answer ${what} after ${attempts} attempt(s) (first wait ${timeoutMs} ms): ${likelyCause}.`,
      { ...rest, details: { target, what, attempts, timeoutMs, ...rest.details } },
    );
  }
}

/**
 * The BMC rejected the credentials: unknown user, wrong password or BMC key
 * (Kg), or a privilege level the user may not have.
 * @public
 */
export class IpmiAuthenticationError extends IpmiError {
  static override readonly code: string = 'IpmiAuthenticationFailed';
  constructor(target: string, reason: string) {
    super(`IPMI authentication with ${target} failed: ${reason}.`, { details: { target, reason } });
  }
}

/**
 * The cipher suite is not usable: the BMC does not offer it, or the client
 * refused a weak one (no integrity or no encryption) without explicit opt-in.
 * @public
 */
export class IpmiUnsupportedCipherError extends IpmiError {
  static override readonly code: string = 'IpmiUnsupportedCipher';
  constructor(target: string, cipherSuite: number, reason: string) {
    super(`Cipher suite ${cipherSuite} is not usable with ${target}: ${reason}.`, {
      details: { target, cipherSuite, reason },
    });
  }
}

/**
 * The BMC answered with a non-zero completion code; `details.completionCode`
 * holds the byte and the message its meaning (IPMI v2.0 table 5-2).
 * @public
 */
export class IpmiCompletionCodeError extends IpmiError {
  static override readonly code: string = 'IpmiCompletionCode';
  /** The raw completion code byte. */
  readonly completionCode: number;
  constructor(target: string, netFn: number, command: number, completionCode: number, meaning: string) {
    super(
      `BMC ${target} answered netfn 0x${hex(netFn)} cmd 0x${hex(command)} with completion code 0x${hex(completionCode)}: ${meaning}.`,
      { details: { target, netFn, command, completionCode, meaning } },
    );
    this.completionCode = completionCode;
  }
}

/**
 * A packet was malformed, failed its integrity check, or the BMC broke the
 * RMCP+ protocol.
 * @public
 */
export class IpmiProtocolError extends IpmiError {
  static override readonly code: string = 'IpmiProtocolError';
}

/**
 * The session or client was closed while a request was pending.
 * @public
 */
export class IpmiClosedError extends IpmiError {
  static override readonly code: string = 'IpmiClosed';
  constructor(what: string) {
    super(`${what} was closed.`);
  }
}

/**
 * The `ipmitool` binary failed or printed something unexpected (opt-in CLI mode).
 * @public
 */
export class IpmitoolCommandError extends IpmiError {
  static override readonly code: string = 'IpmitoolFailed';
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
