/**
 * Domain errors of the API server. Services throw these; the error handler maps them to HTTP by
 * `name` (not `instanceof`, so errors from `src/` and other modules with the same names map too).
 */
export class AppError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A request parameter or body that is missing, malformed or not allowed. */
export class InputError extends AppError {}
/** A request body in an encoding or of a type the server does not read. */
export class UnsupportedMediaTypeError extends AppError {}
/** No credentials, or credentials that are unknown or expired. */
export class AuthenticationError extends AppError {}
/** Authenticated, but the caller's role does not allow this. */
export class NotAllowedError extends AppError {}
export class NotFoundError extends AppError {}
export class ConflictError extends AppError {}
/** A dependency the server needs (database, Git remote) does not answer. */
export class UnavailableError extends AppError {}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * HTTP status by error name, for the server's own errors and those of `src/` (engine, secrets,
 * delivery). Names not listed are unexpected errors: 500 with a hidden message.
 */
const STATUS_BY_NAME: Readonly<Record<string, number>> = {
  InputError: 400,
  UnsupportedMediaTypeError: 415,
  // The spec, or what the engine makes of it: the message names the field or the Secret.
  SpecError: 400,
  // A YAML document or request body past the size or nesting limits (src/schema/document-limits.ts).
  DocumentTooLargeError: 413,
  DocumentTooDeepError: 400,
  PlaintextSecretError: 400,
  SealedReferenceError: 400,
  SecretHoistingError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  InstanceNotFoundError: 404,
  ConflictError: 409,
  TooManyRequestsError: 429,
  // The Git remote or the pull-request provider failed; their messages carry no credentials.
  GitRemoteError: 502,
  GitAuthError: 502,
  GitPermissionError: 502,
  PushRejectedError: 502,
  // A remote that accepts and never answers: this change timed out; the next ones are refused at once.
  GitTimeoutError: 504,
  RemoteUnavailableError: 503,
  RemoteLockedError: 503,
  RepositoryNotReadyError: 503,
  ReviewProviderError: 502,
  UnavailableError: 503,
  // The delivery module's own base error: not started, or closing.
  DeliveryError: 503,
};

/** Machine-readable error code by HTTP status, shared by domain errors and Koa/router errors. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  500: 'internal',
  501: 'not_implemented',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid_input');
}

export interface HttpFailure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Maps any thrown value onto a status, a code and a message safe to show to the caller. */
export function toHttp(err: unknown): HttpFailure {
  // Duck-typed rather than `instanceof`: errors may come from other modules or realms.
  const error = (typeof err === 'object' && err !== null ? err : new Error(String(err))) as Error & { retryAfterSeconds?: unknown };
  const named = STATUS_BY_NAME[error.name];
  if (named !== undefined) {
    const headers: Record<string, string> = {};
    if (named === 401) headers['WWW-Authenticate'] = 'Bearer';
    if (typeof error.retryAfterSeconds === 'number') headers['Retry-After'] = String(error.retryAfterSeconds);
    return { status: named, code: codeForStatus(named), message: error.message, headers };
  }
  // http-errors from Koa, the body parser and the router carry `status` and `expose`.
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  // co-body marks bad JSON with status 400 but not `expose`.
  if (error.name === 'SyntaxError' && status === 400) {
    const message =
      error.message === 'Object contains forbidden prototype property'
        ? 'request body must not contain a "__proto__" key'
        : 'request body is not valid JSON';
    return { status, code: codeForStatus(status), message, headers: {} };
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
    return { status, code: codeForStatus(status), message: clientErrorMessage(error), headers: {} };
  }
  return { status: 500, code: 'internal', message: 'internal error', headers: {} };
}

/** Body-parser errors say what went wrong in their own words; put them in ours (theirs may quote the body). */
function clientErrorMessage(error: Error): string {
  const { type, limit } = error as { type?: unknown; limit?: unknown };
  if (type === 'entity.too.large') return `request body is larger than the limit of ${String(limit)} bytes`;
  return error.message;
}
