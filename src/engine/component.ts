import type { Chart } from 'cdk8s';
import type { InstanceRef, InstanceSpec } from '../spec/instance';

/** What a component's construct may ask of the platform while it is built. */
export interface BuildContext {
  /** Another instance of the platform (being synthesized or already known), by kind and name. */
  find<S extends InstanceSpec>(kind: S['kind'], name: string): S | undefined;
  /** The GitOps agent of the platform, for components that emit its objects (Helm releases). @default 'flux' */
  readonly gitops?: GitOpsFlavour;
}

/** Which GitOps agent applies the platform: Flux or Argo CD. */
export type GitOpsFlavour = 'flux' | 'argocd';

/**
 * Pod Security Standard level a component's pods meet; the namespace enforces the lowest of its instances.
 * `privileged` only for an instance that asks for it explicitly (e.g. hostPath volumes).
 */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** How the engine turns one own kind into Kubernetes objects. */
export interface Component<S extends InstanceSpec = InstanceSpec> {
  readonly kind: S['kind'];
  /** Output folder of its instances: `<directory>/<name>/`. A short, reviewer-friendly noun such as `trino`. */
  readonly directory: string;
  /** A fixed level, or one that depends on the instance's spec. @default 'restricted' */
  readonly podSecurity?: PodSecurityLevel | ((spec: S) => PodSecurityLevel);
  /** Instances this one needs. They must exist; GitOps agents apply them first. */
  references?(spec: S): InstanceRef[];
  /**
   * This spec without its references to `target`, for deleting the target with `force` (a gateway drops
   * the backends routing to a deleted TrinoCluster). Absent: such references block the deletion.
   */
  withoutReferencesTo?(spec: S, target: { kind: string; name: string }): S;
  /** Adds the instance's objects to `chart`, whose namespace is the instance's namespace. */
  build(chart: Chart, spec: S, ctx: BuildContext): void;
}
