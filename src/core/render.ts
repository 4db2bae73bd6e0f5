import { dump } from 'js-yaml';

/** Kubernetes object as plain JSON, the way cdk8s resolves it (keys already sorted). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * Renders one object as YAML. No line folding and no anchors, so the same object always gives
 * the same bytes and a reviewer sees every value in place.
 */
export function toYaml(value: unknown): string {
  return dump(value, { noRefs: true, lineWidth: -1 });
}

/** File name of an object inside its instance folder: `<kind>-<name>.yaml`, e.g. `deployment-trino-worker.yaml`. */
export function objectFileName(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return `${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`;
}

/** A `kustomization.yaml` listing `resources` (sorted), so `kubectl kustomize` builds the folder as Argo CD and Flux do. */
export function kustomization(resources: readonly string[]): string {
  return toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resources].sort(),
  });
}
