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
