import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import type { ServerEnvName } from '../../schema/server-env';
import { API_PORT, DATA_DIR, DATABASE_SECRET_DIR, SEALING_CERT_DIR, SEALING_HASH_DIR } from './defaults';
import { ADMIN_PASSWORD_KEY, SEALING_HASH_KEY, ServerNames } from './names';
import type { DataRoasterServerSpec } from './schema';

/** Key of the certificate in the sealing ConfigMap when the spec names none (what `kubectl create configmap --from-file=cert.pem` makes). */
export const DEFAULT_CERT_KEY = 'cert.pem';

/** File name of the mounted database password. */
export const DATABASE_PASSWORD_FILE = 'password';

/**
 * The server's environment (the variables of the README's "API server" and "GitOps delivery" sections).
 * Credentials come from Secrets by reference: the admin password DataRoaster generates, the Git URL
 * with its token and the forge token the user keeps.
 */
export function serverEnv(spec: DataRoasterServerSpec['spec'], names: ServerNames, memoryLimitBytes: number): k8s.EnvVar[] {
  // Names the server reads come from its environment contract (src/schema/server-env.ts); NODE_OPTIONS,
  // MALLOC_MMAP_THRESHOLD_ and HOME are Node's, glibc's and git's.
  type Name = ServerEnvName | 'NODE_OPTIONS' | 'MALLOC_MMAP_THRESHOLD_' | 'HOME';
  const value = (name: Name, v: string | undefined): k8s.EnvVar[] => (v === undefined ? [] : [{ name, value: v }]);
  const secret = (name: Name, ref: { name: string; key: string } | undefined): k8s.EnvVar[] =>
    ref === undefined ? [] : [{ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } }];
  const { git, review } = spec;
  const provider = review?.provider;
  return [
    ...value('NODE_OPTIONS', nodeOptions(memoryLimitBytes)),
    ...value('MALLOC_MMAP_THRESHOLD_', MALLOC_MMAP_THRESHOLD),
    ...value('HOST', '0.0.0.0'),
    ...value('PORT', String(API_PORT)),
    ...value('HOME', '/tmp'),
    ...value('DATAROASTER_DATA_DIR', DATA_DIR),
    // Its own namespace is reserved: no instance may be created beside the server (docs/hardening.md).
    { name: 'DATAROASTER_SERVER_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ...secret('DATAROASTER_ADMIN_PASSWORD', { name: names.adminSecret, key: ADMIN_PASSWORD_KEY }),
    ...value('DATAROASTER_LOG_LEVEL', spec.logLevel),
    ...value('DATAROASTER_TRUST_PROXY', spec.trustProxy === undefined ? undefined : String(spec.trustProxy)),
    ...value('DATAROASTER_GIT_URL', git?.url),
    ...secret('DATAROASTER_GIT_URL', git?.urlSecretRef),
    ...value('DATAROASTER_GIT_BRANCH', git?.branch),
    ...value('DATAROASTER_GITOPS_REPO_URL', git?.clusterRepoUrl),
    ...value('DATAROASTER_REVIEW', review?.mode),
    ...value('DATAROASTER_GIT_PROVIDER', provider?.kind),
    ...value('DATAROASTER_GIT_PROVIDER_URL', provider?.url),
    ...value('DATAROASTER_GIT_REPO', provider?.repo),
    ...secret('DATAROASTER_GIT_PROVIDER_TOKEN', provider?.tokenSecretRef),
    ...value('DATAROASTER_SEALED_SECRETS_CERT', spec.sealingCertificate && `${SEALING_CERT_DIR}/${spec.sealingCertificate.key ?? DEFAULT_CERT_KEY}`),
    ...value('DATAROASTER_SEALED_SECRETS_CONTROLLER', spec.sealingController),
    // Production shape: the database and what every replica must share (docs/production.md).
    ...secret('DATAROASTER_DATABASE_URL', spec.database?.urlSecretRef),
    ...value('DATAROASTER_DATABASE_PASSWORD_FILE', spec.database?.passwordSecretRef && `${DATABASE_SECRET_DIR}/${DATABASE_PASSWORD_FILE}`),
    ...value('DATAROASTER_SEALED_SECRETS_HASH_KEY', spec.database && `${SEALING_HASH_DIR}/${SEALING_HASH_KEY}`),
  ];
}

/**
 * glibc's malloc serves allocations from this size up (bytes) with their own mappings, returned to the
 * system when freed. By default the threshold moves up to the largest block freed so far: after the
 * start-up read of a big repository (a `git ls-tree` of 100 000 files is an 11 MB buffer) every later
 * git output of up to that size came from the main heap, which fragments and never shrinks: ≈ 10 MiB of
 * RSS more at 5000 instances (BENCHMARKS.md "Growth"). The same value is in the Dockerfile, `npm start`
 * and bench/server.js.
 */
export const MALLOC_MMAP_THRESHOLD = '131072';

/**
 * V8's heap sized to the container: old space half the memory limit (git processes and Node's own memory
 * take the rest), young space small. Without it V8 sizes its heap from the node's memory and grows it
 * lazily under the allocation churn of synthesis (bench/api.js: 150 → 117 MiB RSS after 1000 creates).
 */
export function nodeOptions(memoryLimitBytes: number): string {
  return `--max-old-space-size=${Math.floor(memoryLimitBytes / 2 ** 20 / 2)} --max-semi-space-size=2`;
}
