import { Application, ApplicationSpecSyncPolicy } from '../../../imports/argocd-application-argoproj.io';
import { AppProject, AppProjectSpec } from '../../../imports/argocd-appproject-argoproj.io';
import type { KubeObject } from '../../core/render';
import { ARGOCD_APPS, ARGOCD_ROOT, deploymentName, instanceFolder, NAMESPACES_DEPLOYMENT, NAMESPACES_ROOT } from '../layout';
import { PlatformInstance, sortInstances, syncWave } from '../platform-instance';
import { SYSTEM_NAMESPACE } from '../sentinel';
import { BOOTSTRAP_NAME, BootstrapOptions, DEFAULT_ARGOCD_NAMESPACE, MANAGED_BY, protectedNamespaces } from './options';
import { folderFiles, metadata, shardedFolderFiles } from './render';

const IN_CLUSTER = 'https://kubernetes.default.svc';
/** Deleting an Application deletes its objects too (cascade), so removing an instance's file prunes it. */
const CASCADE_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * The three AppProjects. App of apps is an admin-only tool: a project that may write into Argo CD's
 * namespace is admin-equivalent (argo-cd `docs/operator-manual/cluster-bootstrapping.md:88-95`, v3.5.1),
 * so only the platform project may, and only Applications:
 * - `dataroaster` (platform): the root, the namespaces app, and instances whose folder holds Argo CD
 *   Applications (Argo-flavour Helm releases). Applications in Argo CD's namespace, Namespaces, the sentinel.
 * - `dataroaster-instances`: every other instance. Any namespace but the protected ones; no Argo CD or
 *   Flux objects; nothing cluster-scoped (an empty cluster whitelist permits nothing,
 *   `pkg/apis/application/v1alpha1/app_project_types.go:412-417`, v3.5.1).
 * - `dataroaster-releases`: the charts of Argo-flavour Helm releases. Same namespaces and kinds as the
 *   instances, plus cluster-scoped objects (charts install CRDs and cluster roles: a Helm release is
 *   admin-level, as under Flux, whose helm-controller runs as cluster-admin).
 */
export const PLATFORM_PROJECT = BOOTSTRAP_NAME;
export const INSTANCES_PROJECT = `${BOOTSTRAP_NAME}-instances`;
export const RELEASES_PROJECT = `${BOOTSTRAP_NAME}-releases`;

/**
 * Kinds no instance may write: Argo CD's (an Application or AppProject is admin-equivalent) and Flux's
 * (a Kustomization or HelmRelease applies as Flux's cluster-admin service account). Groups are matched
 * with `filepath.Match` (`pkg/apis/application/v1alpha1/types.go:3843-3854`, v3.5.1).
 */
export const AGENT_RESOURCES = [
  { group: 'argoproj.io', kind: '*' },
  { group: '*.fluxcd.io', kind: '*' },
] as const;

/**
 * Argo CD bootstrap: `bootstrap/argocd/` holds the AppProjects and a root Application (app of apps)
 * that syncs `bootstrap/argocd/apps/`: one Application for the namespaces tier (wave 0) and one per
 * instance (wave 1 + its reference depth), each with the cascade-delete finalizer. Deleting an instance
 * removes its folder and its Application in one commit; the root prunes the Application and the
 * finalizer prunes its objects, so no Application is ever left pointing at an empty or missing folder.
 */
export function argoCdFiles(platform: readonly PlatformInstance[], options: BootstrapOptions): Record<string, string> {
  const apps: KubeObject[] = [
    argoNamespacesApplication(options),
    ...sortInstances(platform).map((instance) => argoInstanceApplication(instance, platform, options)),
  ];
  return { ...folderFiles(ARGOCD_ROOT, argoRootObjects(options)), ...shardedFolderFiles(ARGOCD_APPS, apps) };
}

/** `bootstrap/argocd/`: the three projects and the root Application. */
export function argoRootObjects(options: BootstrapOptions): KubeObject[] {
  const namespace = argoNamespace(options);
  const anywhereButProtected = [
    { server: IN_CLUSTER, namespace: '*' },
    ...protectedNamespaces(options).map((ns) => ({ server: IN_CLUSTER, namespace: `!${ns}` })),
  ];
  return [
    project(options, PLATFORM_PROJECT, 'DataRoaster itself: the root Application, the namespaces tier, Argo-flavour Helm releases', {
      sourceRepos: [options.repoUrl],
      destinations: [
        { server: IN_CLUSTER, namespace },
        { server: IN_CLUSTER, namespace: SYSTEM_NAMESPACE },
      ],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'Application' },
        { group: '', kind: 'ConfigMap' },
      ],
    }),
    project(options, INSTANCES_PROJECT, 'Component instances written by DataRoaster', {
      sourceRepos: [options.repoUrl],
      destinations: anywhereButProtected,
      namespaceResourceBlacklist: [...AGENT_RESOURCES],
    }),
    project(options, RELEASES_PROJECT, 'Charts of Argo-flavour Helm releases written by DataRoaster', {
      // The chart repositories are the specs' choice; the namespaces and kinds are not.
      sourceRepos: ['*'],
      destinations: anywhereButProtected,
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      namespaceResourceBlacklist: [...AGENT_RESOURCES],
    }),
    application(options, {
      name: BOOTSTRAP_NAME,
      project: PLATFORM_PROJECT,
      path: ARGOCD_APPS,
      destinationNamespace: namespace,
      finalizer: false, // deleting the root orphans the platform instead of deleting it
      syncOptions: ROOT_SYNC_OPTIONS,
      retryLimit: 5,
    }),
  ];
}

/** The namespaces tier's Application: wave 0, never deletes a Namespace. */
export function argoNamespacesApplication(options: BootstrapOptions): KubeObject {
  return application(options, {
    name: NAMESPACES_DEPLOYMENT,
    project: PLATFORM_PROJECT,
    path: NAMESPACES_ROOT,
    wave: 0,
    // No finalizer, and Delete=false for the case `argocd app delete` adds one: a cascading delete
    // honours Delete=false only (argo-cd `controller/appcontroller.go:1252-1261`, v3.5.1).
    finalizer: false,
    allowEmpty: true,
    syncOptions: [...INSTANCE_SYNC_OPTIONS, 'Delete=false'],
    retryLimit: UNLIMITED_RETRIES,
  });
}

/** One instance's Application, as `bootstrap/argocd/apps/` holds it; `platform` gives its wave. */
export function argoInstanceApplication(instance: PlatformInstance, platform: readonly PlatformInstance[], options: BootstrapOptions): KubeObject {
  return application(options, {
    name: deploymentName(instance.component, instance.name),
    project: instance.argoApplications ? PLATFORM_PROJECT : INSTANCES_PROJECT,
    path: instanceFolder(instance.component, instance.name),
    destinationNamespace: instance.namespace,
    wave: syncWave(instance, platform),
    finalizer: true,
    syncOptions: INSTANCE_SYNC_OPTIONS,
    retryLimit: UNLIMITED_RETRIES,
  });
}

/**
 * The root applies only the child Applications that changed (`ApplyOutOfSyncOnly`,
 * argo-cd `controller/sync.go:323` → `gitops-engine/pkg/sync/sync_context.go:646-648` `filterOutOfSyncTasks`,
 * v3.5.1). Without it every root sync re-applies every child and, with the Application health check of
 * the README, waits on each: one Degraded child (a failed Spark batch) fails the sync
 * (`sync_context.go:565-566`). No `PruneLast` on the root: it moves prunes after the last wave
 * (`sync_context.go:1137-1142`), so that failure also kept deleted instances from ever being pruned.
 */
export const ROOT_SYNC_OPTIONS: readonly string[] = ['ApplyOutOfSyncOnly=true'];

/**
 * Instance Applications: only changed objects are applied, so a `Replace=true` batch Job is re-run only
 * when the Job itself changes, not when another file of its folder does (`sync_context.go:646-648`;
 * `docs/user-guide/sync-options.md:164-195`); prune after the new objects are healthy; a custom resource
 * whose CRD an operator installs later must not fail the dry run (`sync-options.md:82-109`).
 */
export const INSTANCE_SYNC_OPTIONS: readonly string[] = ['ApplyOutOfSyncOnly=true', 'PruneLast=true', 'SkipDryRunOnMissingResource=true'];

/**
 * A failed sync is retried while `RetryCount < Limit || Limit < 0` (argo-cd
 * `controller/appcontroller.go:1620`, v3.5.1; "unlimited if less than 0",
 * `docs/operator-manual/application.yaml:254`). With a limit, Argo CD gives up after the last attempt
 * until the next commit ("Skipping auto-sync: failed previous sync attempt", `appcontroller.go:2397`),
 * so a custom resource applied before its operator's CRD never converged; now it is retried every
 * 3 minutes at most, as Flux retries every `retryInterval`.
 */
export const UNLIMITED_RETRIES = -1;

function argoNamespace(options: BootstrapOptions): string {
  return options.argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
}

function project(options: BootstrapOptions, name: string, description: string, spec: Omit<AppProjectSpec, 'description'>): KubeObject {
  return AppProject.manifest({
    metadata: metadata({ name, namespace: argoNamespace(options), labels: { ...MANAGED_BY } }),
    spec: { description, ...spec },
  });
}

interface AppOptions {
  readonly name: string;
  readonly project: string;
  readonly path: string;
  readonly destinationNamespace?: string;
  readonly wave?: number;
  readonly finalizer: boolean;
  readonly allowEmpty?: boolean;
  readonly syncOptions: readonly string[];
  readonly retryLimit: number;
}

function application(options: BootstrapOptions, app: AppOptions): KubeObject {
  return Application.manifest({
    metadata: metadata({
      name: app.name,
      namespace: argoNamespace(options),
      labels: { ...MANAGED_BY },
      annotations: app.wave === undefined ? undefined : { 'argocd.argoproj.io/sync-wave': String(app.wave) },
      finalizers: app.finalizer ? [CASCADE_FINALIZER] : undefined,
    }),
    spec: {
      project: app.project,
      source: { repoUrl: options.repoUrl, targetRevision: options.branch, path: app.path },
      destination: { server: IN_CLUSTER, ...(app.destinationNamespace ? { namespace: app.destinationNamespace } : {}) },
      syncPolicy: syncPolicy(app),
    },
  });
}

/**
 * Automated sync with prune and self-heal; `allowEmpty` only where an empty source is legitimate (the
 * namespaces tier before the first instance).
 */
function syncPolicy(app: AppOptions): ApplicationSpecSyncPolicy {
  return {
    automated: { prune: true, selfHeal: true, ...(app.allowEmpty ? { allowEmpty: true } : {}) },
    syncOptions: [...app.syncOptions],
    retry: { limit: app.retryLimit, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
  };
}
