/**
 * Anything that can run an IPMI command and return its response data (the
 * bytes after a zero completion code). Sessions implement it; command helpers
 * depend only on this, which keeps them testable with a fake.
 */
export interface CommandRunner {
  /** Send a request and resolve with the response data; non-zero completion codes reject. */
  request(netFn: number, command: number, data?: Uint8Array): Promise<Buffer>;
}
