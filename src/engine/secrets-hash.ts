import { createHash } from 'node:crypto';

import type { KubeObject } from '../core/render';

/**
 * Pod-template annotation with a hash of the Secrets the pods read. Kubernetes does not restart pods
 * when a Secret they read through env changes (and files update only eventually); a changed pod
 * template does roll them. With sealing, an unchanged value keeps its ciphertext, so the hash changes
 * exactly when a credential does.
 */
export const SECRETS_HASH_ANNOTATION = 'dataroaster.io/secrets-hash';

type Json = Record<string, any>;

/**
 * Where a workload kind keeps the pod template(s) whose annotations roll its pods. Not a Job: its pod
 * template is immutable (kubernetes pkg/apis/batch/validation ValidateJobUpdate: "field is immutable"),
 * and our Jobs are named by a hash of their content, so an annotation the name does not cover would stall
 * both GitOps agents on the next credential change; a finished Job has no pods to roll anyway.
 */
const TEMPLATE_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  Deployment: [['spec', 'template']],
  StatefulSet: [['spec', 'template']],
  DaemonSet: [['spec', 'template']],
  ReplicaSet: [['spec', 'template']],
  CronJob: [['spec', 'jobTemplate', 'spec', 'template']],
};

/**
 * Annotates the pod template of every workload in `objects` that reads a SealedSecret written among
 * `objects` (same namespace) with the hash of those Secrets' sealed data. Secrets made
 * elsewhere (referenced by name only) are not in the hash: their values are not known here.
 * Spark operator applications get it on their driver and executor pod annotations.
 */
export function annotateSecretHashes(objects: readonly KubeObject[]): KubeObject[] {
  const secretHashes = new Map<string, string>();
  for (const obj of objects) {
    const data = secretData(obj);
    if (data !== undefined) secretHashes.set(`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, sha256(stableJson(data)));
  }
  if (secretHashes.size === 0) return [...objects];
  const hashOf = (namespace: string | undefined, names: ReadonlySet<string>): string | undefined => {
    const parts = [...names].sort().flatMap((name) => {
      const hash = secretHashes.get(`${namespace ?? ''}/${name}`);
      return hash === undefined ? [] : [`${name}=${hash}`];
    });
    return parts.length === 0 ? undefined : `sha256:${sha256(parts.join('\n'))}`;
  };

  return objects.map((obj) => {
    const paths = TEMPLATE_PATHS[obj.kind];
    if (paths !== undefined) {
      let copy: Json | undefined;
      for (const path of paths) {
        const template = at(obj, path);
        if (template === undefined) continue;
        const hash = hashOf(obj.metadata.namespace, secretsReadBy(template.spec ?? {}));
        if (hash === undefined) continue;
        copy ??= JSON.parse(JSON.stringify(obj)) as Json; // plain JSON (structuredClone would give objects of another realm under jest)
        const target = at(copy, path)!;
        target.metadata = { ...target.metadata, annotations: { ...target.metadata?.annotations, [SECRETS_HASH_ANNOTATION]: hash } };
      }
      return (copy as KubeObject | undefined) ?? obj;
    }
    if (obj.kind === 'SparkApplication' || obj.kind === 'ScheduledSparkApplication') {
      const spec: Json | undefined = obj.kind === 'SparkApplication' ? (obj as Json).spec : (obj as Json).spec?.template;
      const hash = spec === undefined ? undefined : hashOf(obj.metadata.namespace, secretsReadBySparkApp(spec));
      if (hash === undefined) return obj;
      const copy = JSON.parse(JSON.stringify(obj)) as Json;
      const target: Json = obj.kind === 'SparkApplication' ? copy.spec : copy.spec.template;
      for (const role of ['driver', 'executor']) {
        target[role] = { ...target[role], annotations: { ...target[role]?.annotations, [SECRETS_HASH_ANNOTATION]: hash } };
      }
      return copy as KubeObject;
    }
    return obj;
  });
}

/**
 * The data a SealedSecret carries (what the pods will read), or undefined for other objects. Plain
 * Secrets (written only with --allow-plaintext-secrets, for experiments) are left out: a hash of their
 * plaintext in a pod template would let anyone who reads the manifests test guesses of a password.
 */
function secretData(obj: KubeObject): unknown {
  const o = obj as Json;
  if (obj.kind === 'SealedSecret')
    return { encryptedData: o.spec?.encryptedData ?? {}, type: o.spec?.template?.type, data: o.spec?.template?.data ?? {} };
  return undefined;
}

/** Names of the Secrets a pod spec reads: env, envFrom, secret and projected volumes, of every container. */
function secretsReadBy(podSpec: Json): Set<string> {
  const names = new Set<string>();
  for (const container of [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])] as Json[]) {
    for (const env of (container.env ?? []) as Json[]) if (env.valueFrom?.secretKeyRef?.name) names.add(env.valueFrom.secretKeyRef.name);
    for (const from of (container.envFrom ?? []) as Json[]) if (from.secretRef?.name) names.add(from.secretRef.name);
  }
  for (const volume of (podSpec.volumes ?? []) as Json[]) {
    if (volume.secret?.secretName) names.add(volume.secret.secretName);
    for (const source of (volume.projected?.sources ?? []) as Json[]) if (source.secret?.name) names.add(source.secret.name);
  }
  return names;
}

/** Secrets a Spark operator application reads: `spark.kubernetes.<role>.secretKeyRef.*` confs (`name:key`) and `secrets`/`envSecretKeyRefs` of its roles. */
function secretsReadBySparkApp(spec: Json): Set<string> {
  const names = new Set<string>();
  for (const [key, value] of Object.entries((spec.sparkConf ?? {}) as Record<string, unknown>)) {
    if (/^spark\.kubernetes\.(driver|executor)\.secretKeyRef\./.test(key) && typeof value === 'string') names.add(value.split(':')[0]);
    if (/^spark\.kubernetes\.(driver|executor)\.secrets\./.test(key)) names.add(key.replace(/^spark\.kubernetes\.(driver|executor)\.secrets\./, ''));
  }
  for (const role of ['driver', 'executor']) {
    for (const secret of (spec[role]?.secrets ?? []) as Json[]) if (secret.name) names.add(secret.name);
    for (const ref of Object.values((spec[role]?.envSecretKeyRefs ?? {}) as Record<string, Json>)) if (ref.name) names.add(ref.name);
  }
  return names;
}

function at(obj: unknown, path: readonly string[]): Json | undefined {
  let node: any = obj;
  for (const key of path) node = node?.[key];
  return node && typeof node === 'object' ? (node as Json) : undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so the same data always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Json)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
