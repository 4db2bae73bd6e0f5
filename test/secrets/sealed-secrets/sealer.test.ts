import { load } from 'js-yaml';

import type { InstanceSpec } from '../../../src/core/instance';
import { SynthesisOptions, synthesize } from '../../../src/engine/synthesize';
import { SealedSecretObject, unsealSecret } from '../../../src/secrets/sealed-secrets/sealed-secret';
import { createSealedSecretsSealer } from '../../../src/secrets/sealed-secrets/sealer';
import { objectsIn, schemaFailures } from '../../support/validate';
import { counterRandom, HASH_KEY, testKeys, vault, vaultSpec } from '../support';

const PATH = 'vault/v/sealedsecret-v-credentials.yaml';

function synth(
  specs: InstanceSpec[],
  options: Partial<SynthesisOptions> & { scope?: 'strict' | 'namespace-wide' | 'cluster-wide'; hashKey?: Buffer } = {},
) {
  const sealer = createSealedSecretsSealer({ certificatePem: testKeys().certificatePem, hashKey: options.hashKey ?? HASH_KEY, scope: options.scope });
  return synthesize(specs, { registry: [vault], secrets: { mode: 'seal', sealer }, random: counterRandom(), ...options });
}

const sealedIn = (files: Readonly<Record<string, string>>, path = PATH) => load(files[path]) as SealedSecretObject;
const open = (sealed: SealedSecretObject) =>
  Object.fromEntries(Object.entries(unsealSecret(sealed, testKeys().privateKey).data).map(([k, v]) => [k, v.toString('utf8')]));
/** The same SealedSecret, claiming to be somewhere else (as if copied there). */
const movedTo = (sealed: SealedSecretObject, metadata: Partial<SealedSecretObject['metadata']>) =>
  ({ ...sealed, metadata: { ...sealed.metadata, ...metadata } }) as SealedSecretObject;

describe('createSealedSecretsSealer', () => {
  test('writes each Secret as a SealedSecret the controller can open: values, metadata and type kept', () => {
    // When
    const { files } = synth([vaultSpec({ user: 'admin', password: 'hunter2', accessKey: 'AKIA-EXAMPLE', annotations: { team: 'data' } })]);
    // Then
    expect(Object.keys(files)).toEqual([
      'namespaces/data.yaml',
      'namespaces/kustomization.yaml',
      'vault/v/configmap-v.yaml',
      'vault/v/kustomization.yaml',
      PATH,
    ]);
    const sealed = sealedIn(files);
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.metadata).toMatchObject({ name: 'v-credentials', namespace: 'data', labels: { 'app.kubernetes.io/name': 'vault' } });
    expect(sealed.spec.template).toEqual({
      metadata: { name: 'v-credentials', namespace: 'data', labels: { 'app.kubernetes.io/name': 'vault' }, annotations: { team: 'data' } },
      type: 'Opaque',
    });
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['access-key', 'db-password']);
    expect(open(sealed)).toEqual({ 'access-key': 'AKIA-EXAMPLE', 'db-password': 'hunter2' });
    expect(files['vault/v/kustomization.yaml']).toContain('- sealedsecret-v-credentials.yaml');
    expect(schemaFailures(objectsIn(files))).toEqual([]);
  });

  test('no plaintext value is in any file', () => {
    const { files } = synth([vaultSpec({ user: 'admin', password: 'hunter2-the-password', accessKey: 'AKIA-EXAMPLE-KEY' })]);
    const text = Object.values(files).join('\n');
    for (const secret of ['hunter2-the-password', 'AKIA-EXAMPLE-KEY', Buffer.from('hunter2-the-password').toString('base64')])
      expect(text).not.toContain(secret);
  });

  test('strict scope: a copy under another namespace or name does not open', () => {
    const sealed = sealedIn(synth([vaultSpec({ user: 'u', password: 'p' })]).files);
    expect(() => unsealSecret(movedTo(sealed, { namespace: 'other' }), testKeys().privateKey)).toThrow(
      'SealedSecret other/v-credentials key db-password: cannot decrypt the session key: wrong key, or sealed for another namespace/name (scope label)',
    );
    expect(() => unsealSecret(movedTo(sealed, { name: 'stolen' }), testKeys().privateKey)).toThrow(
      /SealedSecret data\/stolen key db-password: cannot decrypt/,
    );
  });

  test('namespace-wide scope: opens under another name in the namespace, not in another namespace', () => {
    const sealed = sealedIn(synth([vaultSpec({ user: 'u', password: 'p' })], { scope: 'namespace-wide' }).files);
    expect(sealed.metadata.annotations).toMatchObject({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(open(movedTo(sealed, { name: 'renamed' }))).toEqual({ 'db-password': 'p' });
    expect(() => open(movedTo(sealed, { namespace: 'other' }))).toThrow(/cannot decrypt the session key/);
  });

  test('cluster-wide scope: opens anywhere', () => {
    const sealed = sealedIn(synth([vaultSpec({ user: 'u', password: 'p' })], { scope: 'cluster-wide' }).files);
    expect(sealed.metadata.annotations).toMatchObject({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    expect(open(movedTo(sealed, { name: 'x', namespace: 'y' }))).toEqual({ 'db-password': 'p' });
  });

  test('a scope annotation on the Secret itself wins over the sealer default, as with kubeseal', () => {
    const spec = vaultSpec({ user: 'u', password: 'p', annotations: { 'sealedsecrets.bitnami.com/namespace-wide': 'true' } });
    const sealed = sealedIn(synth([spec]).files);
    expect(open(movedTo(sealed, { name: 'renamed' }))).toEqual({ 'db-password': 'p' });
  });

  test('re-synthesizing unchanged specs keeps every ciphertext: byte-identical files', () => {
    const specs = [vaultSpec({ user: 'u', password: 'hunter2', accessKey: 'AKIA' })];
    const first = synth(specs).files;
    const second = synth(specs, { previous: (path) => first[path] }).files;
    expect(second).toEqual(first);
  });

  test('a changed value gets a new ciphertext; the unchanged key keeps its own', () => {
    const first = synth([vaultSpec({ user: 'u', password: 'old', accessKey: 'AKIA' })]).files;
    const second = synth([vaultSpec({ user: 'u', password: 'new', accessKey: 'AKIA' })], { previous: (path) => first[path] }).files;
    const [before, after] = [sealedIn(first), sealedIn(second)];
    expect(after.spec.encryptedData['access-key']).toBe(before.spec.encryptedData['access-key']);
    expect(after.spec.encryptedData['db-password']).not.toBe(before.spec.encryptedData['db-password']);
    expect(open(after)).toEqual({ 'access-key': 'AKIA', 'db-password': 'new' });
  });

  test('a new namespace or a new hash key means new ciphertexts: old ones would not open there, or cannot be compared', () => {
    const first = synth([vaultSpec({ user: 'u', password: 'p' })]).files;
    const moved = synth([vaultSpec({ user: 'u', password: 'p' }, 'v', 'elsewhere')], { previous: (path) => first[path] }).files;
    expect(open(sealedIn(moved))).toEqual({ 'db-password': 'p' });
    const rekeyed = synth([vaultSpec({ user: 'u', password: 'p' })], {
      previous: (path) => first[path],
      hashKey: Buffer.from('another hash key of 32 bytes....'),
    }).files;
    expect(sealedIn(rekeyed).spec.encryptedData['db-password']).not.toBe(sealedIn(first).spec.encryptedData['db-password']);
  });

  test('a generated value is drawn once, from the engine randomness, and kept across re-syntheses', () => {
    // Given a Secret whose password nobody typed
    const specs = [vaultSpec({ user: 'u' })];
    // When synthesized first, then again with the first result as previous
    const first = synth(specs).files;
    const second = synth(specs, { previous: (path) => first[path], random: counterRandom() }).files;
    const third = synth([vaultSpec({ user: 'changed', accessKey: 'AKIA' })], {
      previous: (path) => second[path],
      random: () => Buffer.alloc(16, 0xee),
    }).files;
    // Then the first draw is sealed, and kept even when other values change
    expect(open(sealedIn(first))).toEqual({ 'db-password': '01'.repeat(16) });
    expect(second).toEqual(first);
    expect(sealedIn(third).spec.encryptedData['db-password']).toBe(sealedIn(first).spec.encryptedData['db-password']);
    expect(open(sealedIn(third))).toEqual({ 'access-key': 'AKIA', 'db-password': '01'.repeat(16) });
  });

  test('a generated value with no previous one for its key is drawn anew', () => {
    const first = synth([vaultSpec({ user: 'u' }, 'a')]).files;
    const other = synth([vaultSpec({ user: 'u' }, 'b')], {
      previous: (path) => first[path.replace('/b/', '/a/')],
      random: () => Buffer.alloc(16, 0xab),
    }).files;
    expect(open(sealedIn(other, 'vault/b/sealedsecret-b-credentials.yaml'))).toEqual({ 'db-password': 'ab'.repeat(16) });
  });

  test('the hash annotation is an HMAC: it does not reveal the value without the hash key', () => {
    const sealed = sealedIn(synth([vaultSpec({ user: 'u', password: 'p' })]).files);
    const hashes = JSON.parse(sealed.metadata.annotations!['dataroaster.io/sealed-value-hashes']);
    expect(Object.keys(hashes)).toEqual(['db-password']);
    expect(hashes['db-password']).toMatch(/^[0-9a-f]{32}$/);
    const other = sealedIn(synth([vaultSpec({ user: 'u', password: 'p' })], { hashKey: Buffer.from('another hash key of 32 bytes....') }).files);
    expect(JSON.parse(other.metadata.annotations!['dataroaster.io/sealed-value-hashes'])['db-password']).not.toBe(hashes['db-password']);
  });

  test('refuses a hash key too short to be a key, and a certificate that is not one', () => {
    expect(() => createSealedSecretsSealer({ certificatePem: testKeys().certificatePem, hashKey: Buffer.from('short') })).toThrow(
      'sealing hash key has 5 bytes, needs at least 16',
    );
    expect(() => createSealedSecretsSealer({ certificatePem: 'not a pem', hashKey: HASH_KEY })).toThrow(
      /^sealing certificate: not a PEM certificate or public key/,
    );
  });
});
