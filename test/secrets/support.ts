import { createPrivateKey, KeyObject } from 'node:crypto';

import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { z } from 'zod';

import type { ComponentDefinition } from '../../src/core/component';
import { generatedSecretValue } from '../../src/core/generated-secret';
import type { InstanceSpec } from '../../src/core/instance';
import { API_VERSION, ownKind } from '../../src/schema/fields';
import { createSealingKeyPair } from '../../src/secrets/sealed-secrets/key-pair';

/** A controller key pair for the tests (2048 bits: the format does not depend on the size, the tests' speed does). */
export interface TestKeys {
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

let cached: TestKeys | undefined;
export function testKeys(): TestKeys {
  if (!cached) {
    const pair = createSealingKeyPair({ bits: 2048 });
    cached = { certificatePem: pair.certificatePem, privateKey: createPrivateKey(pair.privateKeyPem) };
  }
  return cached;
}

export function otherTestKeys(): TestKeys {
  const pair = createSealingKeyPair({ bits: 2048 });
  return { certificatePem: pair.certificatePem, privateKey: createPrivateKey(pair.privateKeyPem) };
}

export const HASH_KEY = Buffer.from('a test hash key, 32 bytes long..');

// A component taking credentials the way real ones do: a separate Secret, referenced, never inline.
const vaultSchema = ownKind(
  'Vault',
  z.strictObject({
    user: z.string(),
    password: z.string().optional(),
    accessKey: z.string().optional(),
    secretName: z.string().optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
);
type Vault = z.infer<typeof vaultSchema>;

export const vault: ComponentDefinition<Vault> = {
  kind: { apiVersion: API_VERSION, kind: 'Vault', schema: vaultSchema },
  folder: 'vault',
  build(chart: Chart, spec: Vault) {
    const name = spec.spec.secretName ?? `${spec.metadata.name}-credentials`;
    new k8s.KubeConfigMap(chart, 'config', { metadata: { name: spec.metadata.name }, data: { user: spec.spec.user } });
    new k8s.KubeSecret(chart, 'secret', {
      metadata: { name, labels: { 'app.kubernetes.io/name': 'vault' }, annotations: spec.spec.annotations },
      type: 'Opaque',
      stringData: {
        'db-password': spec.spec.password ?? generatedSecretValue(16),
        ...(spec.spec.accessKey !== undefined && { 'access-key': spec.spec.accessKey }),
      },
    });
  },
};

export function vaultSpec(spec: Vault['spec'], name = 'v', namespace = 'data'): InstanceSpec {
  return { apiVersion: API_VERSION, kind: 'Vault', metadata: { name, namespace }, spec } as InstanceSpec;
}

/** Deterministic randomness, to see which value a generated secret got. */
export function counterRandom(): (bytes: number) => Buffer {
  let n = 0;
  return (bytes) => Buffer.alloc(bytes, ++n);
}
