import { sealedSecretsReadme } from '../secrets/gitops-readme';
import { INSTANCES_PROJECT, PLATFORM_PROJECT, RELEASES_PROJECT } from './bootstrap/argocd';
import { BootstrapOptions, DEFAULT_ARGOCD_NAMESPACE, DEFAULT_FLUX_NAMESPACE, DEFAULT_GITOPS_AGENT, protectedNamespaces } from './bootstrap/options';
import { ARGOCD_APPS, ARGOCD_ROOT, COMPONENTS_ROOT, FLUX_INSTANCES, FLUX_ROOT, NAMESPACES_ROOT, SPEC_FILE } from './layout';

/** The README at the root of the GitOps repository: its layout and how to bootstrap a cluster from it. */
export function gitopsReadme(options: BootstrapOptions): string {
  const argo = options.argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
  const flux = options.fluxNamespace ?? DEFAULT_FLUX_NAMESPACE;
  const agent = options.agent ?? DEFAULT_GITOPS_AGENT;
  return `# DataRoaster GitOps repository

Written by DataRoaster: every change is one commit (or pull request) whose author is the user who asked
for it. Do not edit the generated files by hand; change the component through DataRoaster instead.

Repository: \`${options.repoUrl}\`, branch \`${options.branch}\`.

## Layout

| Path | What |
|---|---|
| \`${NAMESPACES_ROOT}/\` | The Namespace of every instance (never pruned) and a sentinel ConfigMap in \`dataroaster-system\`. Applied first. |
| \`${COMPONENTS_ROOT}/<component>/<instance>/\` | One folder per component instance: one file per Kubernetes object, a \`kustomization.yaml\`, and \`${SPEC_FILE}\`, the spec it was synthesized from (no secret values; not applied). |
${
  agent === 'argocd'
    ? `| \`${ARGOCD_ROOT}/\` | Argo CD: the AppProjects and a root Application that syncs \`${ARGOCD_APPS}/\`. |
| \`${ARGOCD_APPS}/<shard>/\` | One Application per instance (and one for the namespaces), ordered by sync waves. \`<shard>\` is the first two hex digits of the SHA-256 of the file name, so a change rewrites a small folder, not one of thousands of entries. |`
    : `| \`${FLUX_ROOT}/\` | Flux: the \`dataroaster\` GitRepository and a root Kustomization that applies \`${FLUX_INSTANCES}/\`. |
| \`${FLUX_INSTANCES}/<shard>/\` | One Flux Kustomization per instance (and one for the namespaces), ordered by \`dependsOn\`. \`<shard>\` is the first two hex digits of the SHA-256 of the file name, so a change rewrites a small folder, not one of thousands of entries. |`
}

Every folder an agent reads has a \`kustomization.yaml\`; \`kubectl kustomize <folder>\` shows what it applies.

## Bootstrap a cluster

This repository is written for **${agent === 'argocd' ? 'Argo CD' : 'Flux'}** (DataRoaster's \`DATAROASTER_GITOPS_AGENT\`): only its
bootstrap is here, and Helm releases are written as its objects.

${agent === 'argocd' ? argoSection(options, argo) : fluxSection(options, flux)}
${sealedSecretsReadme()}
## Deleting an instance

DataRoaster removes the instance's folder and its ${agent === 'argocd' ? 'Application' : 'Kustomization'} in one commit. ${
    agent === 'argocd'
      ? "Argo CD prunes the Application and its finalizer deletes the instance's objects."
      : 'Flux prunes the Kustomization, whose deletion garbage-collects its objects.'
  } Namespaces stay, with their PersistentVolumeClaims.
`;
}

/** Argo CD: apply, projects, the Application health check the waves need, private repositories. */
function argoSection(options: BootstrapOptions, argo: string): string {
  return `### Argo CD

With Argo CD (v3, annotation resource tracking, its default) installed in the \`${argo}\` namespace:

\`\`\`sh
kubectl apply -k ${ARGOCD_ROOT}
\`\`\`

- **Projects.** \`${PLATFORM_PROJECT}\` holds the root, the namespaces app and Argo-flavour Helm releases
  (it may write Applications into \`${argo}\` and nothing else); \`${INSTANCES_PROJECT}\` holds every other
  instance; \`${RELEASES_PROJECT}\` holds the charts of Argo-flavour Helm releases. The last two may not
  write to ${protectedNamespaces(options)
    .map((ns) => `\`${ns}\``)
    .join(', ')}, nor Argo CD or Flux objects.
- **Order.** Instances sync in waves (namespaces, then each instance after the instances it references).
  Argo CD waits for a child Application only with a health check for Applications (removed from
  Argo CD in 1.8); add it to \`argocd-cm\`. This one also waits until the child has synced:

\`\`\`yaml
resource.customizations.health.argoproj.io_Application: |
  hs = {}
  hs.status = "Progressing"
  hs.message = ""
  if obj.status ~= nil and obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then hs.message = obj.status.health.message end
    if hs.status == "Healthy" and (obj.status.sync == nil or obj.status.sync.status ~= "Synced") then
      hs.status = "Progressing"
      hs.message = "waiting for the Application to sync"
    end
  end
  return hs
\`\`\`

  Waves are best effort: since Argo CD 3.4 a child whose objects failed to apply (e.g. a custom resource
  before its CRD) can report Healthy; the sync check above covers that. The root applies only children
  that changed (\`ApplyOutOfSyncOnly\`), so a Degraded child (a failed Spark batch) never blocks the
  creation or pruning of other instances. Instance Applications retry a failed sync without limit
  (every 3 minutes at most), so a custom resource applied before its operator converges.
- **Deletion.** The root has no finalizer: deleting it leaves the platform running. Each instance
  Application has the cascade finalizer. Namespaces carry \`Prune=false,Delete=false\`: neither a sync
  nor \`argocd app delete dataroaster-namespaces\` deletes them.
- **Private repository.** Add a repository Secret in \`${argo}\` labelled
  \`argocd.argoproj.io/secret-type: repository\` with \`url: ${options.repoUrl}\` and \`username\`/\`password\`
  (HTTPS) or \`sshPrivateKey\` (SSH).
`;
}

/** Flux: apply, private repositories, deletion policy, an existing \`flux bootstrap\`. */
function fluxSection(options: BootstrapOptions, flux: string): string {
  const secret = options.fluxSecretName;
  return `### Flux

With Flux installed in the \`${flux}\` namespace:

\`\`\`sh
kubectl apply -k ${FLUX_ROOT}
\`\`\`

- **Order.** Each instance's Kustomization \`dependsOn\` the namespaces tier and the instances it references,
  and waits (\`wait: true\`, 3 minutes, retried every 2) for its objects to be healthy; batch Spark
  applications are not waited for (a Job is healthy only once complete).
- **Deletion.** The root Kustomization has \`deletionPolicy: Orphan\`: \`kubectl delete -k ${FLUX_ROOT}\` leaves
  the platform running. Instances keep the default (\`MirrorPrune\`): removing one from this repository
  deletes its objects. Namespaces are annotated \`kustomize.toolkit.fluxcd.io/prune: disabled\`.
- **Private repository.** ${
    secret
      ? `The GitRepository reads credentials from the Secret \`${secret}\` in \`${flux}\`; create it first:`
      : `Start DataRoaster with \`DATAROASTER_FLUX_SECRET=<name>\` so the GitRepository references a Secret, and create it in \`${flux}\`:`
  } \`username\` and \`password\` (or \`bearerToken\`) for HTTPS, \`identity\` and \`known_hosts\` for SSH, e.g.
  \`flux create secret git ${secret ?? '<name>'} --namespace=${flux} --url=${options.repoUrl} --username=<user> --password=<token>\`.
- **An existing \`flux bootstrap\`.** Commit the two objects of \`${FLUX_ROOT}/\` into the path your
  \`flux-system\` Kustomization reconciles instead of applying them by hand.
`;
}
