import { isFerricError } from '@ferric/core';

/** Ironic's inner fault document (double-encoded into `error_message`). @public */
export interface IronicFault {
  faultcode: 'Client' | 'Server';
  faultstring: string;
  debuginfo: null;
}

/** Ironic's error body: `{"error_message": "<JSON of IronicFault>"}`. @public */
export interface IronicErrorBody {
  error_message: string;
}

/** Builds Ironic's error body for a status and message. @public */
export function errorBody(status: number, message: string): IronicErrorBody {
  const fault: IronicFault = {
    faultcode: status >= 500 ? 'Server' : 'Client',
    faultstring: message,
    debuginfo: null,
  };
  return { error_message: JSON.stringify(fault) };
}

/**
 * An error raised by the API layer itself with its HTTP status (bad input, unsupported version…).
 * Conductor and driver errors are `FerricError`s and keep their own `httpStatus`.
 * @public
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 400 Bad Request. @public */
export const badRequest = (message: string): ApiError => new ApiError(400, message);
/** 404 Not Found. @public */
export const notFound = (message: string): ApiError => new ApiError(404, message);
/** 406 Not Acceptable (feature needs a newer microversion). @public */
export const notAcceptable = (message: string): ApiError => new ApiError(406, message);

/** Fastify framework error codes that are the client's fault, with the status to answer. */
const FASTIFY_CLIENT_ERRORS: Record<string, number> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 400,
  FST_ERR_CTP_INVALID_JSON_BODY: 400,
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 400,
  FST_ERR_CTP_INVALID_TYPE: 400,
  FST_ERR_BAD_URL: 400,
  FST_ERR_ASYNC_CONSTRAINT: 400,
  FST_ERR_VALIDATION: 400,
};

/** Maps anything thrown while handling a request to `{status, message}`; never leaks internals on 5xx. @public */
export function classifyError(err: unknown): {
  status: number;
  message: string;
  headers: Record<string, string>;
} {
  if (err instanceof ApiError) return { status: err.status, message: err.message, headers: err.headers };
  if (isFerricError(err)) {
    const status =
      Number.isInteger(err.httpStatus) && err.httpStatus >= 400 && err.httpStatus < 600
        ? err.httpStatus
        : 500;
    return {
      status,
      message: status >= 500 && status !== 503 ? internalMessage(err.message) : err.message,
      headers: {},
    };
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as { validation?: unknown; code?: unknown; statusCode?: unknown; message?: unknown };
    const message = typeof e.message === 'string' ? e.message : 'Bad request';
    if (e.validation) return { status: 400, message: `Invalid input: ${message}`, headers: {} };
    if (typeof e.code === 'string' && FASTIFY_CLIENT_ERRORS[e.code]) {
      return { status: FASTIFY_CLIENT_ERRORS[e.code]!, message, headers: {} };
    }
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return { status: e.statusCode, message, headers: {} };
    }
  }
  return { status: 500, message: 'An internal error occurred; see the server log for details.', headers: {} };
}

/** Driver failures (5xx) keep their message: it is what the operator needs (Ironic does the same). */
function internalMessage(message: string): string {
  return message;
}
