import { z } from 'zod';

import { rfc1123Label } from './fields';

/** A Secret key name (`data` key of a Kubernetes Secret). */
const secretKeyName = z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret key name (letters, digits, "-", "_" and ".")');

/**
 * Where the S3 access key pair lives. `secretRef` names the Secret (and its keys); with `accessKey` and
 * `secretKey` DataRoaster writes that Secret itself (sealed in Git), otherwise it must already exist in the
 * instance's namespace. Keys never go into a ConfigMap, an argument or a config file.
 */
export const s3Credentials = z
  .strictObject({
    accessKey: z.string().min(1, 'must not be empty').optional(),
    secretKey: z.string().min(1, 'must not be empty').optional(),
    secretRef: z
      .strictObject({
        name: rfc1123Label,
        /** @default 'accessKey' */
        accessKeyKey: secretKeyName.optional(),
        /** @default 'secretKey' */
        secretKeyKey: secretKeyName.optional(),
      })
      .optional(),
  })
  .superRefine((creds, ctx) => {
    if ((creds.accessKey === undefined) !== (creds.secretKey === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give accessKey and secretKey together' });
    } else if (creds.accessKey === undefined && creds.secretRef === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give accessKey and secretKey, or secretRef naming an existing Secret' });
    }
  });
export type S3Credentials = z.infer<typeof s3Credentials>;

export const s3Bucket = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 lower-case letters, digits, "." and "-")');
export const s3Endpoint = z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http:// or https:// URL');
export const s3Region = z.string().regex(/^[a-z0-9-]+$/, 'must be a region name like "us-east-1"');

/** An S3-compatible object store (AWS, MinIO, Ceph RGW, …) reached through Hadoop's S3A connector. */
export const s3Location = z.strictObject({
  bucket: s3Bucket,
  endpoint: s3Endpoint,
  region: s3Region.optional(),
  /** Path-style requests (`https://endpoint/bucket/key`), which MinIO and Ceph need. @default true */
  pathStyleAccess: z.boolean().optional(),
  credentials: s3Credentials,
});
export type S3Location = z.infer<typeof s3Location>;
