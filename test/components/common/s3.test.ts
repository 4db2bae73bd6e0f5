import { Chart, Testing } from 'cdk8s';

import { versionLabelOf } from '../../../src/components/common/image';
import { s3CredentialEnv, s3CredentialsSecret, s3SecretRef } from '../../../src/components/common/s3-credentials';
import { s3aProperties } from '../../../src/components/common/s3a';
import { schemaFailures } from '../../support/validate';

test('S3A properties: TLS from the scheme, path-style by default, credentials from the environment, no keys', () => {
  const props = s3aProperties({ bucket: 'lake', endpoint: 'http://minio:9000', credentials: { accessKey: 'AKIA', secretKey: 'SECRET' } });
  expect(props).toMatchObject({
    'fs.s3a.endpoint': 'http://minio:9000',
    'fs.s3a.connection.ssl.enabled': 'false',
    'fs.s3a.path.style.access': 'true',
    'fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.EnvironmentVariableCredentialsProvider',
  });
  expect(props['fs.s3a.endpoint.region']).toBeUndefined();
  expect(JSON.stringify(props)).not.toMatch(/AKIA|SECRET/);
  const aws = s3aProperties({
    bucket: 'lake',
    endpoint: 'https://s3.eu-west-1.amazonaws.com',
    region: 'eu-west-1',
    pathStyleAccess: false,
    credentials: { secretRef: { name: 'k' } },
  });
  expect(aws).toMatchObject({ 'fs.s3a.connection.ssl.enabled': 'true', 'fs.s3a.path.style.access': 'false', 'fs.s3a.endpoint.region': 'eu-west-1' });
});

test('S3 keys given in a spec become a Secret; a reference alone makes none', () => {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'ns' });
  const given = { accessKey: 'a', secretKey: 's' };
  const ref = s3SecretRef('hms', given);
  expect(ref).toEqual({ name: 'hms-s3', accessKeyKey: 'accessKey', secretKeyKey: 'secretKey' });
  s3CredentialsSecret(chart, 'given', ref, given, { app: 'x' });
  const referenced = { secretRef: { name: 'existing', accessKeyKey: 'id' } };
  expect(s3CredentialsSecret(chart, 'ref', s3SecretRef('hms', referenced), referenced, {})).toBeUndefined();
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(1);
  expect(objects[0]).toMatchObject({ kind: 'Secret', metadata: { name: 'hms-s3', namespace: 'ns' }, stringData: { accessKey: 'a', secretKey: 's' } });
  expect(schemaFailures(objects)).toEqual([]);
  expect(s3CredentialEnv(s3SecretRef('hms', referenced))).toEqual([
    { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'existing', key: 'id' } } },
    { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'existing', key: 'secretKey' } } },
  ]);
});

test.each([
  ['apache/hive:4.0.1', '4.0.1'],
  ['registry.example.com:5000/hive:4.0.1-mysql', '4.0.1-mysql'],
  ['mysql:8.4.6@sha256:' + 'a'.repeat(64), '8.4.6'],
  ['mysql@sha256:' + 'a'.repeat(64), undefined],
  ['registry.example.com:5000/hive', undefined],
])('version label of %s', (reference, label) => {
  expect(versionLabelOf(reference)).toBe(label);
});
