import { load } from 'js-yaml';

import { objectOf, synthYaml } from '../../support/synth';
import { schemaFailures } from '../../support/validate';

const MINIO = `
apiVersion: dataroaster.io/v1alpha1
kind: HelmRelease
metadata: {name: minio, namespace: storage}
spec:
  repo: https://charts.min.io/
  chart: minio
  version: 5.4.0
  releaseName: lake
  podSecurity: baseline
  values:
    mode: standalone
    rootUser: admin
    rootPassword: Sup3rS3cret!
    persistence: {size: 50Gi}
    users:
      - {accessKey: spark, secretKey: SparkS3cret, policy: readwrite}
    oidc: {enabled: false, clientSecret: ""}
  valuesFrom:
    - {secretName: minio-tls-values}
`;

describe('HelmRelease, flavour flux: a HelmRepository and a HelmRelease', () => {
  const { files, objects } = synthYaml(MINIO);
  const release = objectOf(objects, 'HelmRelease', 'minio');
  const secret = objectOf(objects, 'Secret', 'minio-helm-values');

  test('writes schema-valid objects into helm-releases/minio/', () => {
    expect(Object.keys(files).filter((p) => p.startsWith('helm-releases/'))).toEqual([
      'helm-releases/minio/helmrelease-minio.yaml',
      'helm-releases/minio/helmrepository-minio.yaml',
      'helm-releases/minio/kustomization.yaml',
      'helm-releases/minio/secret-minio-helm-values.yaml',
    ]);
    expect(schemaFailures(objects)).toEqual([]);
  });

  test('installs the pinned chart from its repository under the release name', () => {
    expect(objectOf(objects, 'HelmRepository', 'minio').spec).toEqual({ url: 'https://charts.min.io/', interval: '1h' });
    expect(release.metadata.namespace).toBe('storage');
    expect(release.spec).toMatchObject({
      interval: '10m',
      releaseName: 'lake',
      chart: { spec: { chart: 'minio', version: '5.4.0', sourceRef: { kind: 'HelmRepository', name: 'minio' } } },
      install: { crds: 'CreateReplace', remediation: { retries: 3 } },
      upgrade: { crds: 'CreateReplace', cleanupOnFail: true, remediation: { retries: 3, remediateLastFailure: true } },
      driftDetection: { mode: 'enabled' },
    });
    expect(release.spec.targetNamespace).toBeUndefined();
    expect(release.spec.install.createNamespace).toBeUndefined();
  });

  test('keeps values inline, except credential-looking ones, which a Secret holds and valuesFrom reads first', () => {
    expect(release.spec.values).toEqual({
      mode: 'standalone',
      rootUser: 'admin',
      persistence: { size: '50Gi' },
      oidc: { enabled: false, clientSecret: '' },
    });
    expect(release.spec.valuesFrom).toEqual([
      { kind: 'Secret', name: 'minio-helm-values', valuesKey: 'values.yaml' },
      { kind: 'Secret', name: 'minio-tls-values', valuesKey: 'values.yaml' },
    ]);
    expect(load(secret.stringData['values.yaml'])).toEqual({
      rootPassword: 'Sup3rS3cret!',
      users: [{ accessKey: 'spark', secretKey: 'SparkS3cret', policy: 'readwrite' }],
    });
  });

  test('leaves no credential value in any file but the Secret, and none at all once sealed', () => {
    const others = Object.entries(files)
      .filter(([path]) => path !== 'helm-releases/minio/secret-minio-helm-values.yaml')
      .map(([, text]) => text)
      .join('\n');
    for (const value of ['Sup3rS3cret!', 'SparkS3cret']) expect(others).not.toContain(value);
    const sealer = {
      seal: (s: any) => ({
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        metadata: s.metadata,
        spec: { encryptedData: { 'values.yaml': 'AgB...' }, template: { metadata: s.metadata } },
      }),
    };
    const sealed = synthYaml(MINIO, { secrets: { mode: 'seal', sealer } });
    const all = Object.values(sealed.files).join('\n');
    for (const value of ['Sup3rS3cret!', 'SparkS3cret']) expect(all).not.toContain(value);
    expect(Object.keys(sealed.files)).toContain('helm-releases/minio/sealedsecret-minio-helm-values.yaml');
    // The spec as stored beside the manifests holds sealed references in their place.
    const stored = JSON.stringify(sealed.instances[0].storedSpec);
    for (const value of ['Sup3rS3cret!', 'SparkS3cret']) expect(stored).not.toContain(value);
    expect(sealed.instances[0].storedSpec.spec).toMatchObject({ values: { rootPassword: 'sealed:minio-helm-values/values.yaml' } });
  });

  test('refuses to write the values Secret in plaintext unless asked to', () => {
    expect(() => synthYaml(MINIO, { secrets: { mode: 'refuse' } })).toThrow('refusing to write Secret storage/minio-helm-values in plaintext');
  });

  test('writes no Secret and no valuesFrom when no value looks like a credential', () => {
    const { objects: plain } = synthYaml(
      MINIO.replace(/    rootPassword.*\n/, '')
        .replace(/    users:\n.*\n/, '')
        .replace(/  valuesFrom:\n.*\n/, ''),
    );
    expect(plain.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(objectOf(plain, 'HelmRelease', 'minio').spec.valuesFrom).toBeUndefined();
  });

  test('the namespace enforces the Pod Security level the chart needs', () => {
    expect(objectOf(objects, 'Namespace', 'storage').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('installs into another namespace with Helm creating it, and pulls OCI charts', () => {
    const { objects: other } = synthYaml(
      MINIO.replace('releaseName: lake', 'targetNamespace: lake').replace('https://charts.min.io/', 'oci://registry.example.com/charts'),
    );
    const r = objectOf(other, 'HelmRelease', 'minio');
    expect(r.spec.targetNamespace).toBe('lake');
    expect(r.spec.releaseName).toBe('minio');
    expect(r.spec.install.createNamespace).toBe(true);
    expect(objectOf(other, 'HelmRepository', 'minio').spec).toEqual({ url: 'oci://registry.example.com/charts', interval: '1h', type: 'oci' });
    expect(schemaFailures(other)).toEqual([]);
  });

  test('gives byte-identical files for the same spec', () => {
    expect(synthYaml(MINIO).files).toEqual(files);
  });
});
