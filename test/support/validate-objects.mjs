// Validates Kubernetes objects (a JSON array on stdin) against the official Kubernetes OpenAPI schemas
// and the CRD schemas of Argo CD, Flux and Sealed Secrets, as packaged by kubernetes-models, and against
// the CRD schemas generated into imports/*.schema.json (the Spark operator's), with ajv.
// Those packages are ES modules only, so jest reaches them through this script in a child process.
// Prints a JSON array of { index, apiVersion, kind, name, error } for every object that fails.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as argo from '@kubernetes-models/argo-cd';
import * as flux from '@kubernetes-models/flux-cd';
import * as sealed from '@kubernetes-models/sealed-secrets';
import AjvModule from 'ajv';
import * as core from 'kubernetes-models';

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

const Ajv = AjvModule.default ?? AjvModule;
const importsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'imports');

/**
 * The API server prunes fields a structural CRD schema does not declare, silently (the Spark operator's
 * webhook-only fields are a known trap). Here an undeclared field is an error instead.
 */
function closeObjects(schema) {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closeObjects(s)])) : closeObjects(v),
    ]),
  );
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const crdSchemas = new Map(
  readdirSync(importsDir)
    .filter((f) => f.endsWith('.schema.json'))
    .flatMap((f) => JSON.parse(readFileSync(join(importsDir, f), 'utf8')))
    .map(({ apiVersion, kind, schema }) => [`${apiVersion} ${kind}`, schema]),
);
const crdValidators = new Map();
/** The compiled validator of a CRD kind, compiled on first use (the schemas are large). */
function crdValidator(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (!crdSchemas.has(key)) return undefined;
  if (!crdValidators.has(key)) crdValidators.set(key, ajv.compile(closeObjects(crdSchemas.get(key))));
  return crdValidators.get(key);
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const failures = [];
JSON.parse(input).forEach((obj, index) => {
  const where = { index, apiVersion: obj?.apiVersion, kind: obj?.kind, name: obj?.metadata?.name };
  const crd = crdValidator(obj?.apiVersion, obj?.kind);
  if (crd) {
    if (!crd(obj)) failures.push({ ...where, error: ajv.errorsText(crd.errors, { dataVar: 'object' }) });
    return;
  }
  const Model = modelFor(obj?.apiVersion ?? '', obj?.kind ?? '');
  if (!Model) return failures.push({ ...where, error: 'no schema known for this apiVersion and kind' });
  try {
    new Model(obj).validate();
  } catch (err) {
    failures.push({ ...where, error: err.message });
  }
});
process.stdout.write(JSON.stringify(failures));
