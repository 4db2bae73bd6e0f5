import { join } from 'node:path';

import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { load } from 'js-yaml';
import { z } from 'zod';

import { readSpecFiles } from '../../src/cli/spec-files';
import { REGISTRY } from '../../src/components/registry';
import type { ComponentDefinition } from '../../src/core/component';
import type { InstanceSpec } from '../../src/core/instance';
import { SynthesisOptions, synthesize } from '../../src/engine/synthesize';
import { API_VERSION, ownKind } from '../../src/schema/fields';
import { loadSpecs } from '../../src/schema/load';
import { SealedSecretObject, unsealSecret } from '../../src/secrets/sealed-secrets/sealed-secret';
import { createSealedSecretsSealer } from '../../src/secrets/sealed-secrets/sealer';
import { objectsIn, schemaFailures } from '../support/validate';
import { counterRandom, HASH_KEY, testKeys, vault, vaultSpec } from './support';

// A component that writes a credential inside a text (a properties file kept in a Secret), checks a
// field, and can be told to also write the password encoded (an HTTP basic auth header).
const jdbcSchema = ownKind(
  'Jdbc',
  z.strictObject({
    user: z.string(),
    password: z.string(),
    region: z.string(),
    basicAuth: z.boolean().optional(),
    checkPassword: z.boolean().optional(),
  }),
);
type Jdbc = z.infer<typeof jdbcSchema>;
const jdbc: ComponentDefinition<Jdbc> = {
  kind: { apiVersion: API_VERSION, kind: 'Jdbc', schema: jdbcSchema },
  folder: 'jdbc',
  build(chart: Chart, spec: Jdbc) {
    const { user, password, region, basicAuth, checkPassword } = spec.spec;
    if (!/^[a-z]+-[0-9]$/.test(region)) throw new Error(`region "${region}" is not a region`);
    if (checkPassword && !/^[a-z0-9-]+$/.test(password)) throw new Error('password: letters, digits and "-" only');
    new k8s.KubeConfigMap(chart, 'config', { metadata: { name: spec.metadata.name }, data: { user, region } });
    const auth: Record<string, string> = basicAuth ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : {};
    new k8s.KubeSecret(chart, 'secret', {
      metadata: { name: `${spec.metadata.name}-jdbc` },
      stringData: { 'jdbc.properties': `user=${user}\npassword=${password}\n`, ...auth },
    });
  },
};
const jdbcSpec = (spec: Jdbc['spec']): InstanceSpec =>
  ({ apiVersion: API_VERSION, kind: 'Jdbc', metadata: { name: 'j', namespace: 'data' }, spec }) as InstanceSpec;

// Two instances sharing a credential the wrong way: Copier copies Keeper's token into its own Secret.
const keeperSchema = ownKind('Keeper', z.strictObject({ token: z.string() }));
const keeper: ComponentDefinition<z.infer<typeof keeperSchema>> = {
  kind: { apiVersion: API_VERSION, kind: 'Keeper', schema: keeperSchema },
  folder: 'keeper',
  build: (chart) => void new k8s.KubeConfigMap(chart, 'c', { metadata: { name: 'keeper' } }),
};
const copierSchema = ownKind('Copier', z.strictObject({ from: z.string() }));
const copier: ComponentDefinition<z.infer<typeof copierSchema>> = {
  kind: { apiVersion: API_VERSION, kind: 'Copier', schema: copierSchema },
  folder: 'copier',
  build(chart, spec, ctx) {
    const token = ctx.find<z.infer<typeof keeperSchema>>('Keeper', spec.spec.from)?.spec.token ?? '';
    new k8s.KubeSecret(chart, 's', { metadata: { name: 'copied' }, stringData: { token } });
  },
};

function synth(specs: InstanceSpec[], options: Partial<SynthesisOptions> = {}) {
  const sealer = createSealedSecretsSealer({ certificatePem: testKeys().certificatePem, hashKey: HASH_KEY });
  return synthesize(specs, { registry: [vault, jdbc, keeper, copier], secrets: { mode: 'seal', sealer }, random: counterRandom(), ...options });
}
const opened = (files: Readonly<Record<string, string>>, path: string) =>
  Object.fromEntries(
    Object.entries(unsealSecret(load(files[path]) as SealedSecretObject, testKeys().privateKey).data).map(([k, v]) => [k, v.toString()]),
  );

describe('stored specs hold sealed references, not secret values', () => {
  test('every credential becomes sealed:<secret>/<key>; configuration stays', () => {
    const { instances } = synth([vaultSpec({ user: 'admin', password: 'hunter2', accessKey: 'AKIA-EXAMPLE' })]);
    expect(instances[0].storedSpec.spec).toEqual({
      user: 'admin',
      password: 'sealed:v-credentials/db-password',
      accessKey: 'sealed:v-credentials/access-key',
    });
    expect(instances[0].spec.spec).toMatchObject({ password: 'hunter2' });
  });

  test('the stored spec synthesizes back into byte-identical files, and stores as itself', () => {
    // Given a first synthesis, and its stored spec as the delivery module reads it back from Git
    const first = synth([vaultSpec({ user: 'admin', password: 'hunter2', accessKey: 'AKIA-EXAMPLE' })]);
    const stored = first.instances[0].storedSpec;
    // When the stored spec is synthesized again, with the files in Git as previous
    const again = synth([stored], { previous: (path) => first.files[path] });
    // Then nothing changes, and the values still open
    expect(again.files).toEqual(first.files);
    expect(again.instances[0].storedSpec).toEqual(stored);
    expect(opened(again.files, 'vault/v/sealedsecret-v-credentials.yaml')).toEqual({ 'access-key': 'AKIA-EXAMPLE', 'db-password': 'hunter2' });
    expect(schemaFailures(objectsIn(again.files))).toEqual([]);
  });

  test('an update giving one value anew re-seals that key and keeps the referenced one', () => {
    const first = synth([vaultSpec({ user: 'admin', password: 'hunter2', accessKey: 'AKIA-OLD' })]);
    const update = vaultSpec({ user: 'admin', password: 'sealed:v-credentials/db-password', accessKey: 'AKIA-NEW' });
    const second = synth([update], { previous: (path) => first.files[path] });
    expect(opened(second.files, 'vault/v/sealedsecret-v-credentials.yaml')).toEqual({ 'access-key': 'AKIA-NEW', 'db-password': 'hunter2' });
    expect(second.instances[0].storedSpec.spec).toEqual({
      user: 'admin',
      password: 'sealed:v-credentials/db-password',
      accessKey: 'sealed:v-credentials/access-key',
    });
  });

  test('a value that is also configuration (user name = password) stays where it configures', () => {
    const { instances } = synth([vaultSpec({ user: 'same-text', password: 'same-text' })]);
    expect(instances[0].storedSpec.spec).toEqual({ user: 'same-text', password: 'sealed:v-credentials/db-password' });
  });

  test('a credential inside a text of a Secret (a properties file) is referenced inside it, and synthesizes back', () => {
    const first = synth([jdbcSpec({ user: 'etl', password: 'pa55-w0rd', region: 'eu-1' })]);
    expect(first.instances[0].storedSpec.spec).toEqual({ user: 'etl', password: 'sealed:j-jdbc/jdbc.properties', region: 'eu-1' });
    const again = synth([first.instances[0].storedSpec], { previous: (path) => first.files[path] });
    expect(again.files).toEqual(first.files);
    expect(opened(again.files, 'jdbc/j/sealedsecret-j-jdbc.yaml')).toEqual({ 'jdbc.properties': 'user=etl\npassword=pa55-w0rd\n' });
  });

  test('the text around a reference may not change: nobody could seal the new text', () => {
    const first = synth([jdbcSpec({ user: 'etl', password: 'pa55-w0rd', region: 'eu-1' })]);
    const changed = jdbcSpec({ user: 'loader', password: 'sealed:j-jdbc/jdbc.properties', region: 'eu-1' });
    expect(() => synth([changed], { previous: (path) => first.files[path] })).toThrow(
      'Secret data/j-jdbc key jdbc.properties refers to a sealed value (sealed:j-jdbc/jdbc.properties), but it was sealed for another value around the reference, or elsewhere: give the value itself',
    );
  });

  test('a value in a field the component checks is configuration: its probe fails the build, so it stays', () => {
    // The password equals the region; a reference in `region` would not pass the component's check.
    const { instances } = synth([jdbcSpec({ user: 'etl', password: 'eu-1', region: 'eu-1' })]);
    expect(instances[0].storedSpec.spec).toEqual({ user: 'etl', password: 'sealed:j-jdbc/jdbc.properties', region: 'eu-1' });
  });

  test('a reference with nothing sealed to keep fails, naming the Secret key', () => {
    expect(() => synth([vaultSpec({ user: 'u', password: 'sealed:v-credentials/db-password' })])).toThrow(
      'Secret data/v-credentials key db-password refers to a sealed value (sealed:v-credentials/db-password), but nothing is sealed for that key yet: give the value itself',
    );
  });

  test('a reference cannot be written in plaintext', () => {
    expect(() => synth([vaultSpec({ user: 'u', password: 'sealed:v-credentials/db-password' })], { secrets: { mode: 'plaintext' } })).toThrow(
      'Secret data/v-credentials key db-password refers to a sealed value (sealed:v-credentials/db-password), which cannot be written in plaintext',
    );
  });

  test('a component that encodes a credential on its way into a Secret cannot be stored: synthesis fails', () => {
    expect(() => synth([jdbcSpec({ user: 'etl', password: 'pa55-w0rd', region: 'eu-1', basicAuth: true })])).toThrow(
      'Jdbc/j: cannot store this spec without its secret values: Secret j-jdbc key authorization is derived from a secret value in a way that hides its reference (the component must put the value into a Secret key as it is, or inside a text)',
    );
  });

  test('a stored spec taken from another place (a moved reference) does not unlock the value', () => {
    const first = synth([vaultSpec({ user: 'u', password: 'hunter2', accessKey: 'AKIA' })]);
    const swapped = vaultSpec({ user: 'u', password: 'sealed:v-credentials/access-key', accessKey: 'sealed:v-credentials/db-password' });
    expect(() => synth([swapped], { previous: (path) => first.files[path] })).toThrow(
      /key access-key refers to a sealed value \(sealed:v-credentials\/db-password\), but it was sealed for another value/,
    );
  });

  test('a credential whose field rejects a sealed reference cannot be stored: synthesis fails, naming the field', () => {
    expect(() => synth([jdbcSpec({ user: 'etl', password: 'pa55-w0rd', region: 'eu-1', checkPassword: true })])).toThrow(
      'Jdbc/j: spec.password: would be stored in plaintext, but it is secret (it goes into Secret j-jdbc key jdbc.properties): its component must accept a sealed reference there, and never copy a credential from another instance',
    );
  });

  test("a credential copied from another instance's spec cannot be stored: synthesis fails, naming that spec", () => {
    const doc = (kind: string, name: string, spec: unknown) =>
      ({ apiVersion: API_VERSION, kind, metadata: { name, namespace: 'data' }, spec }) as InstanceSpec;
    expect(() => synth([doc('Keeper', 'k', { token: 'tok-3141' }), doc('Copier', 'c', { from: 'k' })])).toThrow(
      'Keeper/k: spec.token: would be stored in plaintext, but it is secret (it goes into Secret copied key token): its component must accept a sealed reference there, and never copy a credential from another instance',
    );
  });

  test('generated values need no reference: the stored spec never held them', () => {
    const first = synth([vaultSpec({ user: 'u' })]);
    expect(first.instances[0].storedSpec).toEqual(vaultSpec({ user: 'u' }));
    expect(synth([first.instances[0].storedSpec], { previous: (path) => first.files[path] }).files).toEqual(first.files);
  });
});

describe('stored specs of the real components', () => {
  test('the seed TrinoCluster: its S3 keys become references, and the stored spec re-synthesizes to the same files', () => {
    // Given the original TrinoCluster of the seed, with S3 keys in its hive catalog
    const specs = loadSpecs(REGISTRY, readSpecFiles([join(__dirname, '../../platform/trino-cluster-etl.yaml')]));
    const sealer = createSealedSecretsSealer({ certificatePem: testKeys().certificatePem, hashKey: HASH_KEY });
    // When synthesized, and its stored spec synthesized again with the first files as previous
    const first = synthesize(specs, { secrets: { mode: 'seal', sealer } });
    const stored = first.instances[0].storedSpec;
    const again = synthesize([stored], { secrets: { mode: 'seal', sealer }, previous: (path) => first.files[path] });
    // Then the stored spec names the sealed values instead of holding them, and nothing changes
    const hive = (stored.spec as { catalogs: { name: string; properties: Record<string, string> }[] }).catalogs.find((c) => c.name === 'hive');
    expect(hive?.properties).toMatchObject({
      'hive.s3.aws-access-key': 'sealed:trino-cluster-etl-credentials/hive.hive.s3.aws-access-key',
      'hive.s3.aws-secret-key': 'sealed:trino-cluster-etl-credentials/hive.hive.s3.aws-secret-key',
      'hive.s3.endpoint': 'https://any-endpoint',
    });
    expect(JSON.stringify(stored)).not.toMatch(/any-secret-key|any-access-key/);
    expect(again.files).toEqual(first.files);
    expect(again.instances[0].storedSpec).toEqual(stored);
  });
});
