import type { S3Location } from '../../schema/s3';

/** Environment variables Hadoop's S3A connector reads the access key pair from (set from a Secret). */
export const AWS_ACCESS_KEY_ENV = 'AWS_ACCESS_KEY_ID';
export const AWS_SECRET_KEY_ENV = 'AWS_SECRET_ACCESS_KEY';

/**
 * Credentials provider reading `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`. The SDK v1 name; Hadoop 3.4
 * (SDK v2) maps it onto its v2 twin. Keys therefore never appear in a Hadoop XML file: `${env.X}`
 * substitution is not available in every Hadoop/Hive configuration path.
 */
export const ENV_CREDENTIALS_PROVIDER = 'com.amazonaws.auth.EnvironmentVariableCredentialsProvider';

/**
 * Hadoop properties (`core-site.xml`, or `spark.hadoop.*`) for an S3 location through S3A: endpoint (and
 * region), path-style access (MinIO, Ceph), TLS from the endpoint's scheme, S3A serving `s3a://` and
 * `s3://`, credentials from the environment.
 */
export function s3aProperties(s3: S3Location): Record<string, string> {
  return {
    'fs.s3a.aws.credentials.provider': ENV_CREDENTIALS_PROVIDER,
    'fs.s3a.connection.ssl.enabled': String(s3.endpoint.startsWith('https://')),
    'fs.s3a.endpoint': s3.endpoint,
    ...(s3.region === undefined ? {} : { 'fs.s3a.endpoint.region': s3.region }),
    'fs.s3a.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
    'fs.s3a.path.style.access': String(s3.pathStyleAccess ?? true),
    'fs.s3.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
  };
}
