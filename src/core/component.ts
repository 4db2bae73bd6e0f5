import type { Chart } from 'cdk8s';
import type { z } from 'zod';

import type { InstanceRef, InstanceSpec } from './instance';

/** One of DataRoaster's own spec kinds (group `dataroaster.io`): its type header and its schema. */
export interface OwnKind<S extends InstanceSpec = InstanceSpec> {
  readonly apiVersion: string;
  readonly kind: S['kind'];
  readonly schema: z.ZodType<S, unknown>;
}

/**
 * Extra inputs the original DataRoaster API took beside the custom resource, as strings
 * (`mysql_storage_class`, `pvc_size`, …). Legacy mappings read what they need.
 */
export type LegacyParams = Readonly<Record<string, string | undefined>>;

/**
 * An input kind of the original DataRoaster (e.g. `trino-operator.cloudchef-labs.com/v1beta1` TrinoCluster)
 * that maps onto a component's own kind. `toOwnKind` validates the original shape and returns an own-kind
 * document, which is then validated again by the own kind's schema. One original kind may map onto two
 * components (a HelmChart is a Hive metastore or a Helm release): `matches` tells them apart.
 */
export interface LegacyKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** Whether this mapping takes the document; absent = every document of this apiVersion and kind. */
  matches?(data: unknown): boolean;
  toOwnKind(data: unknown, source: string, params: LegacyParams): unknown;
}

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

/** The component's family of the v1 REST API: `/v1/<name>/{create,list,delete}`. */
export interface EndpointDescription {
  /** URL segment, as in the original API: `hive_metastore`. */
  readonly name: string;
  /** What one instance is called in route summaries: `Hive metastore (with its MySQL database)`. */
  readonly title: string;
  /** Parameters beside `yaml` that the original endpoint took (passed to the legacy mapping as strings). */
  readonly params: z.ZodRawShape;
}

/**
 * Everything DataRoaster knows about one component, in one place: its own kind, the original inputs that
 * map onto it, where its instances go, its API endpoint, and how it turns a spec into Kubernetes objects.
 * The registry (src/components/registry.ts) lists these; every other list is a projection of it.
 */
export interface ComponentDefinition<S extends InstanceSpec = InstanceSpec> {
  readonly kind: OwnKind<S>;
  /** Original DataRoaster custom resources that map onto this kind. */
  readonly legacy?: readonly LegacyKind[];
  /**
   * Output folder of its instances, `<folder>/<name>/` (under `components/` in the GitOps repository); also the
   * `component` of list answers and the metrics label. A short, reviewer-friendly noun such as `trino`.
   */
  readonly folder: string;
  /** Its v1 API endpoint; absent for components the API does not create (the DataRoaster server itself). */
  readonly endpoint?: EndpointDescription;
  /** A fixed level, or one that depends on the instance's spec. @default 'restricted' */
  readonly podSecurity?: PodSecurityLevel | ((spec: S) => PodSecurityLevel);
  /** Instances this one needs. They must exist; GitOps agents apply them first. */
  references?(spec: S): InstanceRef[];
  /** How the GitOps bootstrap deploys an instance, where it differs from a long-running service. @default {} */
  deployment?(spec: S, agent: GitOpsFlavour): DeploymentHints;
  /**
   * This spec without its references to `target`, for deleting the target with `force` (a gateway drops
   * the backends routing to a deleted TrinoCluster). Absent: such references block the deletion.
   */
  withoutReferencesTo?(spec: S, target: { kind: string; name: string }): S;
  /** Adds the instance's objects to `chart`, whose namespace is the instance's namespace. */
  build(chart: Chart, spec: S, ctx: BuildContext): void;
}

/** What the bootstrap must know of an instance besides its references (src/gitops PlatformInstance). */
export interface DeploymentHints {
  /** It runs to completion (a batch Job): its health is not its tier's readiness. */
  readonly batch?: boolean;
  /** Its folder holds Argo CD Applications (written into Argo CD's namespace). */
  readonly argoApplications?: boolean;
}

/** The components a process knows, in a stable order. `REGISTRY` (src/components/registry.ts) is the built-in one. */
export type Registry = readonly ComponentDefinition<any>[];

/** The definition of an own kind, or undefined. */
export function definitionOf(registry: Registry, kind: string): ComponentDefinition | undefined {
  return registry.find((d) => d.kind.kind === kind);
}
