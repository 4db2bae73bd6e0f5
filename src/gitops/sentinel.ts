import type { InstanceSpec } from '../core/instance';
import { kustomization, toYaml } from '../core/render';
import { namespaceObjects } from '../engine/namespaces';
import { NAMESPACES_ROOT } from './layout';

/** Namespace of DataRoaster's own marker objects in the cluster. */
export const SYSTEM_NAMESPACE = 'dataroaster-system';
/** File of the sentinel ConfigMap; `_` cannot start a namespace name, so no namespace file collides with it. */
const SENTINEL_FILE = '_sentinel-configmap.yaml';

/**
 * The namespaces tier as the engine made it, plus a sentinel: the `dataroaster-system` Namespace and a
 * ConfigMap in it. The tier is then never empty (Argo CD refuses to prune an app down to nothing, Flux
 * skips empty sources), and the ConfigMap shows an operator that the agent reads this repository.
 */
export function namespacesTier(engineFiles: Readonly<Record<string, string>>): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(engineFiles)) {
    if (path.startsWith(`${NAMESPACES_ROOT}/`) && path !== `${NAMESPACES_ROOT}/kustomization.yaml`) files[path] = text;
  }
  const systemFile = `${NAMESPACES_ROOT}/${SYSTEM_NAMESPACE}.yaml`;
  if (!(systemFile in files)) {
    const [ns] = namespaceObjects([{ metadata: { namespace: SYSTEM_NAMESPACE } } as InstanceSpec], () => 'restricted');
    files[systemFile] = toYaml(ns);
  }
  files[`${NAMESPACES_ROOT}/${SENTINEL_FILE}`] = toYaml({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'dataroaster-gitops', namespace: SYSTEM_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'dataroaster' } },
    data: { purpose: 'Sentinel: keeps the namespaces tier non-empty and proves the GitOps agent reads this repository.', layout: 'v1' },
  });
  const names = Object.keys(files).map((path) => path.slice(NAMESPACES_ROOT.length + 1));
  files[`${NAMESPACES_ROOT}/kustomization.yaml`] = kustomization(names);
  return files;
}
