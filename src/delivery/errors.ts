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
