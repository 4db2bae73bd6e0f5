import { Application, ApplicationSpecSyncPolicy } from '../../../imports/argocd-application-argoproj.io';
import { AppProject } from '../../../imports/argocd-appproject-argoproj.io';
import { ARGOCD_APPS, ARGOCD_ROOT, deploymentName, instanceFolder, NAMESPACES_DEPLOYMENT, NAMESPACES_ROOT } from '../layout';
import { PlatformInstance, sortInstances, syncWave } from '../platform-instance';
import { BOOTSTRAP_NAME, BootstrapOptions, DEFAULT_ARGOCD_NAMESPACE, MANAGED_BY } from './options';
import type { KubeObject } from '../../core/render';
import { folderFiles, metadata } from './render';

const IN_CLUSTER = 'https://kubernetes.default.svc';
/** Deleting an Application deletes its objects too (cascade), so removing an instance's file prunes it. */
const CASCADE_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * Argo CD bootstrap: `bootstrap/argocd/` holds the AppProject and a root Application (app of apps)
 * that syncs `bootstrap/argocd/apps/`: one Application for the namespaces tier (wave 0) and one per
 * instance (wave 1 + its reference depth), each with the cascade-delete finalizer. Deleting an instance
 * removes its folder and its Application in one commit; the root prunes the Application and the
 * finalizer prunes its objects, so no Application is ever left pointing at an empty or missing folder.
 */
export function argoCdFiles(platform: readonly PlatformInstance[], options: BootstrapOptions): Record<string, string> {
  const namespace = options.argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
  const source = (path: string) => ({ repoUrl: options.repoUrl, targetRevision: options.branch, path });

  const root: KubeObject[] = [
    AppProject.manifest({
      metadata: metadata({ name: BOOTSTRAP_NAME, namespace, labels: { ...MANAGED_BY } }),
      spec: {
        description: 'Component instances written by DataRoaster',
        sourceRepos: [options.repoUrl],
        destinations: [{ server: IN_CLUSTER, namespace: '*' }],
        // Instances are namespaced; the namespaces tier is the only cluster-scoped content.
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    }),
    application({
      name: BOOTSTRAP_NAME,
      namespace,
      path: ARGOCD_APPS,
      destinationNamespace: namespace,
      finalizer: false,
      source,
      syncPolicy: syncPolicy(false),
    }),
  ];

  const apps: KubeObject[] = [
    application({
      name: NAMESPACES_DEPLOYMENT,
      namespace,
      path: NAMESPACES_ROOT,
      wave: 0,
      finalizer: false, // namespaces are never pruned (Prune=false on each Namespace)
      source,
      syncPolicy: syncPolicy(true),
    }),
    ...sortInstances(platform).map((instance) => {
      const name = deploymentName(instance.component, instance.name);
      return application({
        name,
        namespace,
        path: instanceFolder(instance.component, instance.name),
        destinationNamespace: instance.namespace,
        wave: syncWave(instance, platform),
        finalizer: true,
        source,
        syncPolicy: syncPolicy(false),
      });
    }),
  ];
  return { ...folderFiles(ARGOCD_ROOT, root), ...folderFiles(ARGOCD_APPS, apps) };
}

interface AppOptions {
  readonly name: string;
  readonly namespace: string;
  readonly path: string;
  readonly destinationNamespace?: string;
  readonly wave?: number;
  readonly finalizer: boolean;
  readonly source: (path: string) => { repoUrl: string; targetRevision: string; path: string };
  readonly syncPolicy: ApplicationSpecSyncPolicy;
}

function application(app: AppOptions): KubeObject {
  return Application.manifest({
    metadata: metadata({
      name: app.name,
      namespace: app.namespace,
      labels: { ...MANAGED_BY },
      annotations: app.wave === undefined ? undefined : { 'argocd.argoproj.io/sync-wave': String(app.wave) },
      finalizers: app.finalizer ? [CASCADE_FINALIZER] : undefined,
    }),
    spec: {
      project: BOOTSTRAP_NAME,
      source: app.source(app.path),
      destination: { server: IN_CLUSTER, ...(app.destinationNamespace ? { namespace: app.destinationNamespace } : {}) },
      syncPolicy: app.syncPolicy,
    },
  });
}

/**
 * Automated sync with prune and self-heal. `allowEmpty` only where an empty source is legitimate (the
 * namespaces tier before the first instance); a CR whose CRD is installed in the same sync must not fail
 * the dry run (SkipDryRunOnMissingResource); prune runs last, after the new objects are healthy.
 */
function syncPolicy(allowEmpty: boolean): ApplicationSpecSyncPolicy {
  return {
    automated: { prune: true, selfHeal: true, ...(allowEmpty ? { allowEmpty: true } : {}) },
    syncOptions: ['PruneLast=true', 'SkipDryRunOnMissingResource=true'],
    retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
  };
}
