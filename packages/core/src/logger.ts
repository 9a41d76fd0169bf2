/** One logging method: pino-style `(context, message)` or `(message)`. @public */
export interface LogFn {
  (context: Readonly<Record<string, unknown>>, message?: string): void;
  (message: string): void;
}

/**
 * The logger contract drivers receive. It is the subset of pino's API that Ferric
 * uses, so a pino logger satisfies it as is. Never log credentials.
 * @public
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Readonly<Record<string, unknown>>): Logger;
}

const noop: LogFn = () => {};

/** A logger that drops everything (tests, library defaults). @public */
export const silentLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};
