/** The DMTF Base message registry version the emulator's messages come from. */
export const BASE_REGISTRY = 'Base.1.8';

/** One entry of a Redfish `@Message.ExtendedInfo` array (DMTF `Message` schema). */
export interface RedfishMessage {
  /** `#Message.v1_1_1.Message`. */
  '@odata.type': string;
  /** Registry-qualified id, e.g. `Base.1.8.ResourceNotFound`. */
  MessageId: string;
  /** Human-readable text. */
  Message: string;
  /** The registry arguments substituted into the message. */
  MessageArgs: string[];
  /** `OK`, `Warning` or `Critical`. */
  MessageSeverity: 'OK' | 'Warning' | 'Critical';
  /** Deprecated twin of `MessageSeverity`, still read by older clients. */
  Severity: 'OK' | 'Warning' | 'Critical';
  /** What the client should do about it. */
  Resolution: string;
  /** JSON pointers to the offending request properties, when there are any. */
  RelatedProperties?: string[];
}

/** The body of every error response, as DSP0266 §9.5.2 defines it. */
export interface RedfishErrorBody {
  /** The error. */
  error: {
    /** The MessageId of the single message, else `Base.1.8.GeneralError`. */
    code: string;
    /** Human-readable summary. */
    message: string;
    /** Every message. */
    '@Message.ExtendedInfo': RedfishMessage[];
  };
}

/** Builds one `@Message.ExtendedInfo` entry from the Base registry. */
export function baseMessage(
  id: string,
  message: string,
  args: string[] = [],
  severity: RedfishMessage['MessageSeverity'] = 'Warning',
  resolution = 'None.',
  relatedProperties?: string[],
): RedfishMessage {
  return {
    '@odata.type': '#Message.v1_1_1.Message',
    MessageId: `${BASE_REGISTRY}.${id}`,
    Message: message,
    MessageArgs: args,
    MessageSeverity: severity,
    Severity: severity,
    Resolution: resolution,
    ...(relatedProperties ? { RelatedProperties: relatedProperties } : {}),
  };
}

/**
 * An error that the HTTP layer turns into a Redfish error response (status code + body with
 * `@Message.ExtendedInfo`). Throw it from anywhere inside a request.
 */
export class RedfishError extends Error {
  /** HTTP status code of the response. */
  readonly status: number;
  /** The messages placed in `@Message.ExtendedInfo`. */
  readonly messages: RedfishMessage[];
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  readonly headers: Record<string, string>;

  constructor(status: number, messages: RedfishMessage[], headers: Record<string, string> = {}) {
    super(messages[0]?.Message ?? `HTTP ${status}`);
    this.name = 'RedfishError';
    this.status = status;
    this.messages = messages;
    this.headers = headers;
  }

  /** The JSON body of the response. */
  toBody(): RedfishErrorBody {
    const single = this.messages.length === 1 ? this.messages[0] : undefined;
    return {
      error: {
        code: single ? single.MessageId : `${BASE_REGISTRY}.GeneralError`,
        message: single
          ? single.Message
          : 'A general error has occurred. See ExtendedInfo for more information.',
        '@Message.ExtendedInfo': this.messages,
      },
    };
  }
}

const err = (status: number, message: RedfishMessage, headers?: Record<string, string>): RedfishError =>
  new RedfishError(status, [message], headers);

/** Factories for the errors the emulator returns, named after their Base registry messages. */
export const Errors = {
  resourceNotFound: (uri: string): RedfishError =>
    err(
      404,
      baseMessage(
        'ResourceMissingAtURI',
        `The resource at the URI ${uri} was not found.`,
        [uri],
        'Critical',
        'Place a valid resource at the URI or correct the URI and resubmit the request.',
      ),
    ),
  methodNotAllowed: (method: string, uri: string): RedfishError =>
    err(
      405,
      baseMessage(
        'OperationNotAllowed',
        `The ${method} method is not allowed on ${uri}.`,
        [method, uri],
        'Critical',
        'Use a method listed in the Allow header.',
      ),
    ),
  noValidSession: (): RedfishError =>
    err(
      401,
      baseMessage(
        'NoValidSession',
        'There is no valid session established with the implementation.',
        [],
        'Critical',
        'Establish a session before attempting any operations.',
      ),
      { 'WWW-Authenticate': 'Basic realm="Redfish"' },
    ),
  invalidCredentials: (): RedfishError =>
    err(
      401,
      baseMessage(
        'ResourceAtUriUnauthorized',
        'While accessing the resource at /redfish/v1/SessionService/Sessions, the service received an authorization error: invalid username or password.',
        ['/redfish/v1/SessionService/Sessions', 'invalid username or password'],
        'Critical',
        'Ensure that the appropriate access is provided for the service in order for it to access the URI.',
      ),
      { 'WWW-Authenticate': 'Basic realm="Redfish"' },
    ),
  preconditionFailed: (uri: string): RedfishError =>
    err(
      412,
      baseMessage(
        'PreconditionFailed',
        `The ETag supplied did not match the ETag required to change this resource (${uri}).`,
        [],
        'Critical',
        'Try the operation again using the appropriate ETag.',
      ),
    ),
  malformedJson: (): RedfishError =>
    err(
      400,
      baseMessage(
        'MalformedJSON',
        'The request body submitted was malformed JSON and could not be parsed by the receiving service.',
        [],
        'Critical',
        'Ensure that the request body is valid JSON and resubmit the request.',
      ),
    ),
  propertyUnknown: (property: string): RedfishError =>
    err(
      400,
      baseMessage(
        'PropertyUnknown',
        `The property ${property} is not in the list of valid properties for the resource.`,
        [property],
        'Warning',
        'Remove the unknown property from the request body and resubmit the request if the operation failed.',
        [`#/${property}`],
      ),
    ),
  propertyNotWritable: (property: string): RedfishError =>
    err(
      400,
      baseMessage(
        'PropertyNotWritable',
        `The property ${property} is a read only property and cannot be assigned a value.`,
        [property],
        'Warning',
        'Remove the property from the request body and resubmit the request if the operation failed.',
        [`#/${property}`],
      ),
    ),
  propertyValueNotInList: (value: string, property: string): RedfishError =>
    err(
      400,
      baseMessage(
        'PropertyValueNotInList',
        `The value ${value} for the property ${property} is not in the list of acceptable values.`,
        [value, property],
        'Warning',
        'Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed.',
        [`#/${property}`],
      ),
    ),
  propertyValueTypeError: (value: string, property: string): RedfishError =>
    err(
      400,
      baseMessage(
        'PropertyValueTypeError',
        `The value ${value} for the property ${property} is of a different type than the property can accept.`,
        [value, property],
        'Warning',
        'Correct the value for the property in the request body and resubmit the request if the operation failed.',
        [`#/${property}`],
      ),
    ),
  actionParameterMissing: (action: string, parameter: string): RedfishError =>
    err(
      400,
      baseMessage(
        'ActionParameterMissing',
        `The action ${action} requires the parameter ${parameter} to be present in the request body.`,
        [action, parameter],
        'Critical',
        'Supply the action with the required parameter in the request body when the request is resubmitted.',
        [`#/${parameter}`],
      ),
    ),
  actionParameterNotSupported: (value: string, parameter: string, action: string): RedfishError =>
    err(
      400,
      baseMessage(
        'ActionParameterValueNotInList',
        `The value ${value} for the parameter ${parameter} in the action ${action} is not in the list of acceptable values.`,
        [value, parameter, action],
        'Warning',
        'Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed.',
        [`#/${parameter}`],
      ),
    ),
  actionParameterValueError: (parameter: string, action: string, detail: string): RedfishError =>
    err(
      400,
      baseMessage(
        'ActionParameterValueError',
        `The value for the parameter ${parameter} in the action ${action} is invalid: ${detail}`,
        [parameter, action],
        'Warning',
        'Correct the value for the parameter in the request body and resubmit the request if the operation failed.',
        [`#/${parameter}`],
      ),
    ),
  actionNotSupported: (action: string): RedfishError =>
    err(
      400,
      baseMessage(
        'ActionNotSupported',
        `The action ${action} is not supported by the resource.`,
        [action],
        'Critical',
        'The action supplied cannot be resubmitted to the implementation.  Perhaps the action was invalid, the wrong resource was the target or the implementation documentation may be of assistance.',
      ),
    ),
  resourceInUse: (detail: string): RedfishError =>
    err(
      409,
      baseMessage(
        'ResourceInUse',
        `The change to the requested resource failed because the resource is in use or in transition: ${detail}`,
        [],
        'Warning',
        'Remove the condition and resubmit the request if the operation failed.',
      ),
    ),
  resourceAtUriUnreachable: (uri: string, detail: string): RedfishError =>
    err(
      400,
      baseMessage(
        'ResourceAtUriInUnknownFormat',
        `The resource at ${uri} could not be retrieved by the service: ${detail}`,
        [uri],
        'Critical',
        'Ensure that the resource at the URI exists and is reachable from the service, then resubmit the request.',
      ),
    ),
  generalError: (status: number, detail: string): RedfishError =>
    err(
      status,
      baseMessage('GeneralError', `A general error has occurred. ${detail}`, [], 'Critical', 'None.'),
    ),
  serviceTemporarilyUnavailable: (seconds: number): RedfishError =>
    err(
      503,
      baseMessage(
        'ServiceTemporarilyUnavailable',
        `The service is temporarily unavailable.  Retry in ${seconds} seconds.`,
        [String(seconds)],
        'Critical',
        'Wait for the indicated retry duration and retry the operation.',
      ),
      { 'Retry-After': String(seconds) },
    ),
} as const;

/** Builds the `@Message.ExtendedInfo` success message `Base.1.8.Success`. */
export function successMessage(): RedfishMessage {
  return baseMessage('Success', 'The request completed successfully.', [], 'OK', 'None.');
}
