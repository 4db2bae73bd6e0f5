import { join } from 'node:path';

import { readSpecFiles } from '../../src/cli/spec-files';
import { REGISTRY } from '../../src/components/registry';
import type { KubeObject } from '../../src/core/render';
import { annotateSecretHashes, SECRETS_HASH_ANNOTATION } from '../../src/engine/secrets-hash';
import { Synthesis, synthesize } from '../../src/engine/synthesize';
import { loadSpecs } from '../../src/schema/load';
import { createSealedSecretsSealer } from '../../src/secrets/sealed-secrets/sealer';
import { HASH_KEY, testKeys } from '../secrets/support';
import { objectsIn } from '../support/validate';

const ROOT = join(__dirname, '../..');
const sealer = () => createSealedSecretsSealer({ certificatePem: testKeys().certificatePem, hashKey: HASH_KEY });

/** The seed Trino cluster (its Hive catalog carries S3 keys, which go to a Secret), with edits to its text. */
function trino(edit: (yaml: string) => string = (y) => y) {
  const [doc] = readSpecFiles([join(ROOT, 'platform/trino-cluster-etl.yaml')]);
  const text = edit(JSON.stringify(doc.data));
  return loadSpecs(REGISTRY, [{ source: doc.source, data: JSON.parse(text) }]);
}

function synth(specs: ReturnType<typeof trino>, previous?: Synthesis): Synthesis {
  return synthesize(specs, { secrets: { mode: 'seal', sealer: sealer() }, previous: previous && ((path) => previous.files[path]) });
}

/** Pod-template annotation of each workload, by kind/name. */
function hashes(synthesis: Synthesis): Record<string, string | undefined> {
  const workloads = objectsIn(synthesis.files).filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind));
  return Object.fromEntries(
    workloads.map((o: any) => [`${o.kind}/${o.metadata.name}`, o.spec.template.metadata?.annotations?.[SECRETS_HASH_ANNOTATION]]),
  );
}

// Kubernetes does not restart pods when a Secret they read through env changes; a changed pod template
// rolls them (kubernetes.io/docs/concepts/configuration/secret: "environment variables are not updated
// after the Pod starts"). Stable ciphertexts make the hash change exactly when a credential does.
describe('pods roll when, and only when, a Secret they read changes', () => {
  const first = synth(trino());

  test('every Trino workload carries the hash of the sealed Secrets it reads', () => {
    expect(hashes(first)).toEqual({
      'Deployment/trino-cluster-etl-coordinator': expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      'Deployment/trino-cluster-etl-worker': expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
  });

  test('synthesized again with the files in Git: the same hashes (the ciphertexts are kept)', () => {
    expect(hashes(synth(trino(), first))).toEqual(hashes(first));
  });

  test('a change that is not a credential (worker count) keeps the hashes', () => {
    const scaled = synth(
      trino((y) => y.replace('"maxReplicas":5', '"maxReplicas":7')),
      first,
    );
    expect(scaled.files).not.toEqual(first.files);
    expect(hashes(scaled)).toEqual(hashes(first));
  });

  test('a changed S3 secret key changes the hash of every workload that reads it', () => {
    const rotated = synth(
      trino((y) => y.replaceAll('hive.s3.aws-secret-key=any-secret-key', 'hive.s3.aws-secret-key=rotated-secret-key')),
      first,
    ); // both nodes' catalogs
    const before = hashes(first);
    const after = hashes(rotated);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const workload of Object.keys(before)) expect(after[workload]).not.toBe(before[workload]);
  });
});

describe('annotateSecretHashes', () => {
  const secret = (name: string, encrypted: string): KubeObject => ({
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name, namespace: 'ns' },
    spec: { encryptedData: { k: encrypted } },
  });
  const deployment = (secretNames: string[], namespace = 'ns'): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace },
    spec: {
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { containers: [{ name: 'c', env: secretNames.map((s) => ({ name: 'X', valueFrom: { secretKeyRef: { name: s, key: 'k' } } })) }] },
      },
    },
  });
  const annotation = (objects: KubeObject[]) =>
    (annotateSecretHashes(objects).find((o) => o.kind === 'Deployment') as any).spec.template.metadata.annotations?.[SECRETS_HASH_ANNOTATION];

  test('a Secret made elsewhere (only referenced) or in another namespace is not hashed: no annotation', () => {
    expect(annotation([secret('s', 'AAA'), deployment(['external'])])).toBeUndefined();
    expect(annotation([secret('s', 'AAA'), deployment(['s'], 'other')])).toBeUndefined();
  });

  test('volumes, envFrom and projected sources count too; the labels stay', () => {
    const viaVolume: KubeObject = {
      ...deployment([]),
      spec: {
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'e' } }] }],
            volumes: [
              { name: 'v', secret: { secretName: 's' } },
              { name: 'p', projected: { sources: [{ secret: { name: 'p' } }] } },
            ],
          },
        },
      },
    };
    const out = annotateSecretHashes([secret('s', 'A'), secret('e', 'B'), secret('p', 'C'), viaVolume]).find((o) => o.kind === 'Deployment') as any;
    expect(out.spec.template.metadata).toEqual({ labels: { a: 'b' }, annotations: { [SECRETS_HASH_ANNOTATION]: expect.stringMatching(/^sha256:/) } });
    const changed = annotateSecretHashes([secret('s', 'A'), secret('e', 'B'), secret('p', 'CHANGED'), viaVolume]).find(
      (o) => o.kind === 'Deployment',
    ) as any;
    expect(changed.spec.template.metadata.annotations[SECRETS_HASH_ANNOTATION]).not.toBe(
      out.spec.template.metadata.annotations[SECRETS_HASH_ANNOTATION],
    );
  });

  test('plain Secrets (plaintext experiments) are not hashed: a hash of a plaintext password would let guesses be tested', () => {
    const plain: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, stringData: { k: 'v' } };
    expect(annotation([plain, deployment(['s'])])).toBeUndefined();
  });

  // A Job's pod template is immutable (kubernetes pkg/apis/batch/validation/validation.go, ValidateJobUpdate):
  // an annotation that changes under the same Job name makes Argo CD and Flux fail with "field is immutable".
  test('a Job is not annotated: its pod template cannot change under its name', () => {
    const job: KubeObject = { ...deployment(['s']), apiVersion: 'batch/v1', kind: 'Job' };
    const out = annotateSecretHashes([secret('s', 'A'), job]).find((o) => o.kind === 'Job') as any;
    expect(out.spec.template.metadata.annotations).toBeUndefined();
  });

  test('the input objects are not modified', () => {
    const d = deployment(['s']);
    const copy = JSON.parse(JSON.stringify(d));
    annotateSecretHashes([secret('s', 'A'), d]);
    expect(d).toEqual(copy);
  });
});
