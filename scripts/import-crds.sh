#!/usr/bin/env bash
# Regenerates imports/ (typed constructs of the upstream CRDs, and the Spark operator's JSON schema).
#   npm run import                  from the upstream URLs pinned in cdk8s.yaml (needs network access)
#   npm run import -- CRD_DIR       offline, from local copies of the same CRD files, e.g. ../shared/crds
#                                   (file names as below: argocd-application.yaml, flux-kustomizations.yaml, …)
# imports/ is replaced only when every import succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."
crds=${1:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ -z "$crds" ]; then
  # cdk8s import with no argument imports the list in cdk8s.yaml.
  npx --no-install cdk8s import --language typescript --output "$out/imports" --check-upgrade=false >/dev/null
  spark_url=$(sed -n 's/^ *- spark-operator:=//p' cdk8s.yaml)
  node -e 'fetch(process.argv[1]).then((r) => { if (!r.ok) throw new Error(`${process.argv[1]}: HTTP ${r.status}`); return r.text(); }).then((t) => require("fs").writeFileSync(process.argv[2], t))' \
    "$spark_url" "$out/spark-operator-sparkapplications.yaml"
  spark_crd=$out/spark-operator-sparkapplications.yaml
else
  [ -d "$crds" ] || { echo "import-crds: no CRD directory at $crds" >&2; exit 1; }
  # prefix (module name) = CRD file; the same prefixes as the imports list in cdk8s.yaml
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
  for m in "${modules[@]}"; do
    npx --no-install cdk8s import "${m%%:=*}:=$crds/${m#*:=}" --language typescript --output "$out/imports" --no-save --check-upgrade=false >/dev/null
  done
  spark_crd=$crds/spark-operator-sparkapplications.yaml
fi
# JSON schemas of CRDs the test validator has no model for (kubernetes-models covers Argo CD, Flux, Sealed Secrets)
node scripts/crd-json-schema.mjs "$spark_crd" "$out/imports/spark-operator-sparkoperator.k8s.io.schema.json"
rm -rf imports && mv "$out/imports" imports
ls imports
