import { FerricError } from './ferric-error.js';

/**
 * Base class of every error raised by the IPMI driver. `code` is stable and
 * machine-readable; `message` says what happened in words an operator can act on.
 */
export class IpmiError extends FerricError {
  /** Stable error code (`IPMI_*`). */
  readonly ipmiCode: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, { code, ...(options?.cause !== undefined ? { cause: options.cause } : {}) });
    this.ipmiCode = code;
  }
}

/** The BMC did not answer within the per-request timeout after all retries (down, wrong address or port, firewalled). */
export class IpmiTimeoutError extends IpmiError {
  /** Host and port that stayed silent. */
  readonly target: string;
  /** Total attempts made. */
  readonly attempts: number;
  constructor(target: string, what: string, attempts: number, timeoutMs: number) {
    super(
      'IPMI_TIMEOUT',
      `BMC ${target} did not answer ${what} after ${attempts} attempt(s) (${timeoutMs} ms per attempt): unreachable, wrong port or not an IPMI LAN interface`,
    );
    this.target = target;
    this.attempts = attempts;
  }
}

/** The BMC rejected the credentials (unknown user, wrong password or BMC key, privilege not allowed). */
export class IpmiAuthenticationError extends IpmiError {
  constructor(target: string, reason: string) {
    super('IPMI_AUTH_FAILED', `IPMI authentication with ${target} failed: ${reason}`);
  }
}

/** The BMC does not support the requested cipher suite (or the client refused an insecure one). */
export class IpmiUnsupportedCipherError extends IpmiError {
  /** The cipher suite that was refused. */
  readonly cipherSuite: number;
  constructor(target: string, cipherSuite: number, reason: string) {
    super('IPMI_UNSUPPORTED_CIPHER', `cipher suite ${cipherSuite} is not usable with ${target}: ${reason}`);
    this.cipherSuite = cipherSuite;
  }
}

/** The BMC answered a command with a non-zero completion code. */
export class IpmiCompletionCodeError extends IpmiError {
  /** The raw completion code byte. */
  readonly completionCode: number;
  /** Network function of the failed request. */
  readonly netFn: number;
  /** Command number of the failed request. */
  readonly command: number;
  constructor(target: string, netFn: number, command: number, completionCode: number, meaning: string) {
    super(
      'IPMI_COMPLETION_CODE',
      `BMC ${target} answered netfn 0x${hex(netFn)} cmd 0x${hex(command)} with completion code 0x${hex(completionCode)}: ${meaning}`,
    );
    this.completionCode = completionCode;
    this.netFn = netFn;
    this.command = command;
  }
}

/** A packet was malformed, failed its integrity check or broke the RMCP+ protocol. */
export class IpmiProtocolError extends IpmiError {
  constructor(message: string) {
    super('IPMI_PROTOCOL', message);
  }
}

/** The session or client was closed while a request was pending. */
export class IpmiClosedError extends IpmiError {
  constructor(what: string) {
    super('IPMI_CLOSED', `${what} was closed`);
  }
}

/** The `ipmitool` binary failed (opt-in CLI mode). */
export class IpmitoolCommandError extends IpmiError {
  /** Exit code of the process, or null when it was killed. */
  readonly exitCode: number | null;
  constructor(message: string, exitCode: number | null) {
    super('IPMI_IPMITOOL_FAILED', message);
    this.exitCode = exitCode;
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
