// Writes the OpenAPI v3 schema of each version of a CRD as JSON, for validating objects of CRDs that
// kubernetes-models does not package (the Spark operator's). Generated like the TypeScript in imports/.
// Usage: node scripts/crd-json-schema.mjs CRD_FILE OUT_FILE
import { readFileSync, writeFileSync } from 'node:fs';

import { load } from 'js-yaml';

const [crdFile, outFile] = process.argv.slice(2);
if (!crdFile || !outFile) {
  console.error('usage: node scripts/crd-json-schema.mjs CRD_FILE OUT_FILE');
  process.exit(2);
}
const crd = load(readFileSync(crdFile, 'utf8'));
const { group, names, versions } = crd.spec;
const schemas = versions.map((v) => ({ apiVersion: `${group}/${v.name}`, kind: names.kind, schema: v.schema.openAPIV3Schema }));
writeFileSync(outFile, `${JSON.stringify(schemas, null, 2)}\n`);
