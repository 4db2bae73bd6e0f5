// Validates Kubernetes objects (a JSON array on stdin) against the official Kubernetes OpenAPI schemas
// and the CRD schemas of Argo CD, Flux and Sealed Secrets, as packaged by kubernetes-models.
// Those packages are ES modules only, so jest reaches them through this script in a child process.
// Prints a JSON array of { index, apiVersion, kind, name, error } for every object that fails.
import * as core from 'kubernetes-models';
import * as argo from '@kubernetes-models/argo-cd';
import * as flux from '@kubernetes-models/flux-cd';
import * as sealed from '@kubernetes-models/sealed-secrets';

const modules = [core, argo, flux, sealed];

function modelFor(apiVersion, kind) {
  const version = apiVersion.split('/').pop();
  // Each package exports group modules (apps, kustomizeToolkitFluxcdIo, …); the core group is the package itself.
  const groups = modules.flatMap((mod) => [mod, ...Object.values(mod)]);
  for (const group of groups) {
    const model = group?.[version]?.[kind];
    if (model?.apiVersion === apiVersion && model?.kind === kind) return model;
  }
  return undefined;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const failures = [];
JSON.parse(input).forEach((obj, index) => {
  const where = { index, apiVersion: obj?.apiVersion, kind: obj?.kind, name: obj?.metadata?.name };
  const Model = modelFor(obj?.apiVersion ?? '', obj?.kind ?? '');
  if (!Model) return failures.push({ ...where, error: 'no schema known for this apiVersion and kind' });
  try {
    new Model(obj).validate();
  } catch (err) {
    failures.push({ ...where, error: err.message });
  }
});
process.stdout.write(JSON.stringify(failures));
