import { ARGOCD_APPS, ARGOCD_ROOT, COMPONENTS_ROOT, FLUX_INSTANCES, FLUX_ROOT, NAMESPACES_ROOT, SPEC_FILE } from './layout';
import { BootstrapOptions, DEFAULT_ARGOCD_NAMESPACE, DEFAULT_FLUX_NAMESPACE } from './bootstrap/options';

/** The README at the root of the GitOps repository: its layout and how to bootstrap a cluster from it. */
export function gitopsReadme(options: BootstrapOptions): string {
  const argo = options.argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
  const flux = options.fluxNamespace ?? DEFAULT_FLUX_NAMESPACE;
  return `# DataRoaster GitOps repository

Written by DataRoaster: every change is one commit (or pull request) whose author is the user who asked
for it. Do not edit the generated files by hand; change the component through DataRoaster instead.

Repository: \`${options.repoUrl}\`, branch \`${options.branch}\`.

## Layout

| Path | What |
|---|---|
| \`${NAMESPACES_ROOT}/\` | The Namespace of every instance (never pruned) and a sentinel ConfigMap in \`dataroaster-system\`. Applied first. |
| \`${COMPONENTS_ROOT}/<component>/<instance>/\` | One folder per component instance: one file per Kubernetes object, a \`kustomization.yaml\`, and \`${SPEC_FILE}\`, the spec it was synthesized from (no secret values; not applied). |
| \`${ARGOCD_ROOT}/\` | Argo CD: the \`dataroaster\` AppProject and a root Application that syncs \`${ARGOCD_APPS}/\`. |
| \`${ARGOCD_APPS}/\` | One Application per instance (and one for the namespaces), ordered by sync waves. |
| \`${FLUX_ROOT}/\` | Flux: the \`dataroaster\` GitRepository and a root Kustomization that applies \`${FLUX_INSTANCES}/\`. |
| \`${FLUX_INSTANCES}/\` | One Flux Kustomization per instance (and one for the namespaces), ordered by \`dependsOn\`. |

Every folder an agent reads has a \`kustomization.yaml\`; \`kubectl kustomize <folder>\` shows what it applies.

## Bootstrap a cluster

Apply **one** of the two flavours.

### Argo CD

With Argo CD installed in the \`${argo}\` namespace:

\`\`\`sh
kubectl apply -k ${ARGOCD_ROOT}
\`\`\`

Instances sync in waves (namespaces, then instances after the instances they reference). Argo CD only
waits for a child Application's health when it has a health check for Applications; add it to
\`argocd-cm\` so the waves hold:

\`\`\`yaml
resource.customizations.health.argoproj.io_Application: |
  hs = {}
  hs.status = "Progressing"
  hs.message = ""
  if obj.status ~= nil and obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then hs.message = obj.status.health.message end
  end
  return hs
\`\`\`

A private repository needs a repository Secret in \`${argo}\` (see the Argo CD docs on private repositories).

### Flux

With Flux installed in the \`${flux}\` namespace:

\`\`\`sh
kubectl apply -k ${FLUX_ROOT}
\`\`\`
${options.fluxSecretName ? `\nThe GitRepository reads credentials from the Secret \`${options.fluxSecretName}\` in \`${flux}\`; create it first.\n` : ''}
## Deleting an instance

DataRoaster removes the instance's folder and its Application / Kustomization in one commit. Argo CD
prunes the Application and its finalizer deletes the instance's objects; Flux prunes the Kustomization,
whose deletion garbage-collects its objects. Namespaces stay, with their PersistentVolumeClaims.
`;
}
