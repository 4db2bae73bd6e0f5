#!/usr/bin/env bash
# Regenerates imports/ from local copies of the CRD files, without network access.
# The same modules come from the upstream URLs in cdk8s.yaml with `npx cdk8s import`.
# Usage: scripts/import-crds.sh [CRD_DIR]   (default: ../shared/crds)
set -euo pipefail
cd "$(dirname "$0")/.."
crds=${1:-../shared/crds}
[ -d "$crds" ] || { echo "import-crds: no CRD directory at $crds" >&2; exit 1; }

# prefix (module name) = CRD file; keep in step with the imports list in cdk8s.yaml
modules=(
  argocd-application:=argocd-application.yaml
  argocd-appproject:=argocd-appproject.yaml
  flux-gitrepository:=flux-gitrepositories.yaml
  flux-helmrepository:=flux-helmrepositories.yaml
  flux-kustomization:=flux-kustomizations.yaml
  flux-helmrelease:=flux-helmreleases.yaml
  sealed-secrets:=sealed-secrets-sealedsecrets.yaml
  spark-operator:=spark-operator-sparkapplications.yaml
)
rm -rf imports && mkdir imports
for m in "${modules[@]}"; do
  npx --no-install cdk8s import "${m%%:=*}:=$crds/${m#*:=}" --language typescript --output imports --no-save >/dev/null
done
# JSON schemas of CRDs the test validator has no model for (kubernetes-models covers Argo CD, Flux, Sealed Secrets)
node scripts/crd-json-schema.mjs "$crds/spark-operator-sparkapplications.yaml" imports/spark-operator-sparkoperator.k8s.io.schema.json
ls imports
