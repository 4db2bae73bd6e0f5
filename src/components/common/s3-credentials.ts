import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

import type { S3Credentials } from '../../schema/s3';
import { AWS_ACCESS_KEY_ENV, AWS_SECRET_KEY_ENV } from './s3a';

/** The Secret and keys holding an S3 access key pair. */
export interface S3SecretRef {
  readonly name: string;
  readonly accessKeyKey: string;
  readonly secretKeyKey: string;
}

/** Where an instance's S3 keys live: the spec's `secretRef`, else `<instance>-s3` with keys `accessKey`/`secretKey`. */
export function s3SecretRef(instance: string, credentials: S3Credentials): S3SecretRef {
  return {
    name: credentials.secretRef?.name ?? `${instance}-s3`,
    accessKeyKey: credentials.secretRef?.accessKeyKey ?? 'accessKey',
    secretKeyKey: credentials.secretRef?.secretKeyKey ?? 'secretKey',
  };
}

/**
 * The Secret holding the keys when the spec gives them (the engine seals it); none when the spec only
 * references an existing Secret.
 */
export function s3CredentialsSecret(
  scope: Construct,
  id: string,
  ref: S3SecretRef,
  credentials: S3Credentials,
  labels: Readonly<Record<string, string>>,
): k8s.KubeSecret | undefined {
  if (credentials.accessKey === undefined || credentials.secretKey === undefined) return undefined;
  return new k8s.KubeSecret(scope, id, {
    metadata: { name: ref.name, labels: { ...labels } },
    type: 'Opaque',
    stringData: { [ref.accessKeyKey]: credentials.accessKey, [ref.secretKeyKey]: credentials.secretKey },
  });
}

/** `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` from the Secret, for S3A's environment credentials provider. */
export function s3CredentialEnv(ref: S3SecretRef): k8s.EnvVar[] {
  return [
    { name: AWS_ACCESS_KEY_ENV, valueFrom: { secretKeyRef: { name: ref.name, key: ref.accessKeyKey } } },
    { name: AWS_SECRET_KEY_ENV, valueFrom: { secretKeyRef: { name: ref.name, key: ref.secretKeyKey } } },
  ];
}
