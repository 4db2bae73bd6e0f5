import type { Construct } from 'constructs';

import { Application } from '../../../imports/argocd-application-argoproj.io';
import type { HelmReleaseSpec } from './schema';

export interface ArgoReleaseProps {
  readonly name: string;
  readonly namespace: string;
  readonly spec: HelmReleaseSpec;
  readonly labels: Readonly<Record<string, string>>;
}

/** The cluster Argo CD runs in; releases are installed there. */
const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * An Argo CD Application with a Helm source, in Argo CD's namespace. Argo CD renders the chart with
 * `helm template` and applies it; values go inline (`valuesObject`), which is why the spec refuses
 * credential-looking values for this flavour. Deleting the Application deletes what it installed.
 */
export function argoRelease(scope: Construct, props: ArgoReleaseProps): void {
  const { spec } = props;
  const target = spec.targetNamespace ?? props.namespace;
  new Application(scope, 'application', {
    metadata: {
      name: props.name,
      namespace: spec.argocd.namespace,
      labels: { ...props.labels },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: spec.argocd.project,
      source: {
        // Argo CD names OCI Helm repositories without the scheme (the repository is registered with enableOCI).
        repoUrl: spec.repo.replace(/^oci:\/\//, ''),
        chart: spec.chart,
        targetRevision: spec.version,
        helm: {
          releaseName: spec.releaseName ?? props.name,
          ...(Object.keys(spec.values).length ? { valuesObject: spec.values } : {}),
        },
      },
      destination: { server: IN_CLUSTER, namespace: target },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Another namespace than the instance's is not written by DataRoaster, so Argo CD creates it.
        ...(target === props.namespace ? {} : { syncOptions: ['CreateNamespace=true'] }),
      },
    },
  });
}
