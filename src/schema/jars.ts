import { z } from 'zod';

import { imageRef } from './fields';

/** Maven Central; a mirror inside an air-gapped network works the same (Maven 2 layout). */
export const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';
/** Alpine + curl; its busybox has `sha256sum`. Pinned by tag (add `@sha256:…` to pin the digest too). */
export const DEFAULT_JAR_FETCHER_IMAGE = 'curlimages/curl:8.11.1';

/**
 * Where the jars a stock image lacks come from (the MySQL JDBC driver for Hive, hadoop-aws and the AWS SDK
 * for Spark): `maven` fetches the pinned jars at pod start into a shared emptyDir, each checked against its
 * SHA-256; `image` means the image already holds them (build it from `images/*\/Dockerfile`, e.g. for an
 * air-gapped cluster without a Maven mirror).
 */
export const jarsSource = z
  .strictObject({
    /** @default maven */
    source: z.enum(['maven', 'image']).default('maven'),
    /** Maven 2 repository to fetch from. @default https://repo1.maven.org/maven2 */
    repository: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL of a Maven 2 repository')
      .default(MAVEN_CENTRAL),
    /** Image of the fetching init container: it needs `sh`, `curl` and `sha256sum`. @default curlimages/curl:8.11.1 */
    fetcherImage: imageRef.default(DEFAULT_JAR_FETCHER_IMAGE),
  })
  .optional();

export type JarsSource = NonNullable<z.infer<typeof jarsSource>>;

/** A spec's `jars` with the schema's defaults filled in (a spec keeps the field as written). */
export function resolveJars(jars: z.infer<typeof jarsSource>): JarsSource {
  return jars ?? jarsSource.unwrap().parse({});
}
