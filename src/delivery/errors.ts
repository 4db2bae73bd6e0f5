import { redactUrls } from './redact';

/**
 * Base of every error the delivery module throws on purpose. Match them by `name` (the API server maps
 * names to HTTP statuses); messages never carry credentials.
 */
export class DeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(redactUrls(message), options);
    this.name = new.target.name;
  }
}

/** The remote cannot be reached (refused, unknown host, timed out, no repository there). → 502/503 */
export class GitRemoteError extends DeliveryError {}

/** The remote refused our credentials. → 502 */
export class GitAuthError extends DeliveryError {}

/** The remote knows us (or does not ask) and refuses access: no write permission, a read-only path. → 502 */
export class GitPermissionError extends DeliveryError {}

/** The remote accepted the connection and did not answer in time (a stalled server or network). → 504 */
export class GitTimeoutError extends DeliveryError {}

/**
 * The remote failed the last time it was asked (timed out, unreachable) and has not answered since: the
 * change is not attempted, so requests do not pile up behind a dead remote. → 503
 */
export class RemoteUnavailableError extends DeliveryError {}

/** The remote branch's lock file is taken and stays taken (a stale `<branch>.lock`). → 503 */
export class RemoteLockedError extends DeliveryError {}

/** The repository is not loaded yet (start-up, or the remote has not answered since). → 503 */
export class RepositoryNotReadyError extends DeliveryError {}

/** The remote refused the push itself (a hook, a protected branch), or kept moving for every retry. → 502 */
export class PushRejectedError extends DeliveryError {}

/**
 * The instance changed on the remote since the request was based on it (another writer, another replica),
 * or the caller's expected spec hash does not match. Nothing was written. → 409
 */
export class ConflictError extends DeliveryError {}

/** No such instance in the GitOps repository (delete of something absent). → 404 */
export class InstanceNotFoundError extends DeliveryError {}

/** The pull/merge request provider (GitHub, GitLab, Gitea) answered with an error. → 502 */
export class ReviewProviderError extends DeliveryError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The delivery configuration (usually from the environment) is invalid. Thrown at start-up. */
export class DeliveryConfigError extends DeliveryError {}

/** The working clone is in use by another live process (two servers on one data directory). */
export class CloneBusyError extends DeliveryError {}
