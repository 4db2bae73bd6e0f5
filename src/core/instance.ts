/** What every spec kind shares once validated: an own-kind document naming one component instance. */
export interface InstanceSpec {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: unknown;
}

/** A reference from one instance to another, e.g. a Trino catalog naming a Hive metastore. */
export interface InstanceRef {
  readonly kind: string;
  readonly name: string;
  /** Field path of the reference in the referring spec, for error messages. */
  readonly path: string;
}

/** `Kind/name`, the identity of an instance across a platform (names are unique per kind). */
export function instanceKey(spec: Pick<InstanceSpec, 'kind' | 'metadata'>): string {
  return `${spec.kind}/${spec.metadata.name}`;
}
