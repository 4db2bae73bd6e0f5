import { labelValueOrUndefined } from './labels';

/** A container image as specs give it. */
export interface ImageSpec {
  /** e.g. `trinodb/trino` or `registry.example.com/trino`. */
  readonly repository: string;
  /** e.g. `"476"`; never `latest`. */
  readonly tag: string;
  /** `sha256:<64 hex>`; pins the exact image when given. */
  readonly digest?: string;
}

/** `repository:tag[@digest]`, the reference a container's `image` takes. */
export function imageReference(image: ImageSpec): string {
  return `${image.repository}:${image.tag}${image.digest === undefined ? '' : `@${image.digest}`}`;
}

/**
 * The `app.kubernetes.io/version` label value for an image reference: its tag (`apache/hive:4.0.1` →
 * `4.0.1`), or undefined when there is no tag or it is not a valid label value.
 */
export function versionLabelOf(reference: string): string | undefined {
  return labelValueOrUndefined(/:([\w][\w.-]*)(@sha256:[a-f0-9]{64})?$/.exec(reference.replace(/^[^/]*:\d+\//, ''))?.[1]);
}
