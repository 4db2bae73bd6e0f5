/**
 * What changes with the Trino release of the image, from Trino's release notes (trinodb/trino
 * `docs/src/main/sphinx/release/release-<n>.md`). Each rule is tested per row in
 * test/components/trino/versions.test.ts and listed in docs/runtime.md.
 */

/** release-432: "Docker image: Update Java runtime to Java 21" (JDK 17 before, from release 390). */
export const JDK21_SINCE = 432;
/**
 * release-458: "Deactivate legacy file system support for all catalogs. You must activate the desired file
 * system support with `fs.native-azure.enabled`, `fs.native-gcs.enabled`, `fs.native-s3.enabled`, or
 * `fs.hadoop.enabled` in each catalog." Legacy `hive.s3.*` keys are then read only with `fs.hadoop.enabled`.
 */
export const NATIVE_S3_SINCE = 458;
/** release-481: "Remove legacy object storage support for … S3 …; `fs.hadoop.enabled` applies only to HDFS." */
export const LEGACY_S3_REMOVED_IN = 481;

/**
 * The Trino release of an image tag (`"476"`, `"476-arm64"`), or undefined when the tag does not start
 * with one (a derived image's own tag): the newest rules then apply.
 */
export function trinoRelease(tag: string): number | undefined {
  const match = /^(\d+)(?:\D|$)/.exec(tag);
  return match ? Number(match[1]) : undefined;
}

const atLeast = (release: number | undefined, since: number) => release === undefined || release >= since;

/** Legacy S3 property → its native name (file-system-s3.md, "Migration from legacy S3 file system"). */
export const NATIVE_S3_NAMES: Readonly<Record<string, string>> = {
  'hive.s3.aws-access-key': 's3.aws-access-key',
  'hive.s3.aws-secret-key': 's3.aws-secret-key',
  'hive.s3.iam-role': 's3.iam-role',
  'hive.s3.external-id': 's3.external-id',
  'hive.s3.endpoint': 's3.endpoint',
  'hive.s3.region': 's3.region',
  'hive.s3.sse.type': 's3.sse.type',
  'hive.s3.sse.kms-key-id': 's3.sse.kms-key-id',
  'hive.s3.upload-acl-type': 's3.canned-acl',
  'hive.s3.streaming.part-size': 's3.streaming.part-size',
  'hive.s3.sts.endpoint': 's3.sts.endpoint',
  'hive.s3.sts.region': 's3.sts.region',
  'hive.s3.max-error-retries': 's3.max-error-retries',
  'hive.s3.connect-timeout': 's3.socket-connect-timeout',
  'hive.s3.socket-timeout': 's3.socket-timeout',
  'hive.s3.max-connections': 's3.max-connections',
  'hive.s3.path-style-access': 's3.path-style-access',
  'hive.s3.signer-type': 's3.signer-type',
};

/** Why a catalog property is not read by this release, or undefined. */
export function catalogPropertyProblem(release: number | undefined, key: string, properties: Readonly<Record<string, unknown>>): string | undefined {
  if (!key.startsWith('hive.s3.') && !key.startsWith('hive.s3-')) return undefined;
  const native = NATIVE_S3_NAMES[key];
  const instead = native
    ? `use "${native}" with "fs.native-s3.enabled": "true"`
    : 'remove it (no native equivalent) and set "fs.native-s3.enabled": "true"';
  if (atLeast(release, LEGACY_S3_REMOVED_IN)) {
    return `Trino ${release ?? 'of this image'} no longer reads legacy S3 properties (removed in ${LEGACY_S3_REMOVED_IN}); unused properties stop the server: ${instead}`;
  }
  if (atLeast(release, NATIVE_S3_SINCE) && String(properties['fs.hadoop.enabled']) !== 'true') {
    return `Trino ${release} reads legacy S3 properties only with "fs.hadoop.enabled": "true" (legacy file systems are off since ${NATIVE_S3_SINCE}); unused properties stop the server: ${instead}`;
  }
  return undefined;
}

/**
 * HotSpot flags the image's JDK refuses: `UseBiasedLocking` expired in JDK 19 (openjdk `arguments.cpp`
 * special_jvm_flags `{"UseBiasedLocking", jdk(15), jdk(18), jdk(19)}`: an expired flag stops the JVM).
 */
export function jvmOptionProblem(release: number | undefined, option: string): string | undefined {
  if (/^-XX:[+-]UseBiasedLocking$/.test(option) && atLeast(release, JDK21_SINCE)) {
    return `Trino ${release ?? 'of this image'} runs on JDK 21 or later (since ${JDK21_SINCE}), which refuses ${option} (expired in JDK 19): remove it`;
  }
  return undefined;
}

/** Where a catalog's objects live, as a HiveMetastore declares it. */
export interface CatalogS3 {
  readonly endpoint: string;
  readonly region?: string;
  readonly pathStyleAccess?: boolean;
}

/**
 * S3 settings of a catalog on a metastore's store, in the keys this release reads: native `s3.*` with
 * `fs.native-s3.enabled` from 458 on (accepted as the legacy name of `fs.s3.enabled` after its rename),
 * legacy `hive.s3.*` before. No keys: credentials come from the catalog's own properties (kept in a
 * Secret) or the pod's AWS identity.
 */
export function catalogS3Properties(release: number | undefined, s3: CatalogS3): Record<string, string> {
  const pathStyle = String(s3.pathStyleAccess ?? true);
  if (atLeast(release, NATIVE_S3_SINCE)) {
    return {
      'fs.native-s3.enabled': 'true',
      's3.endpoint': s3.endpoint,
      's3.path-style-access': pathStyle,
      's3.region': s3.region ?? 'us-east-1',
    };
  }
  return {
    'hive.s3.endpoint': s3.endpoint,
    'hive.s3.path-style-access': pathStyle,
    ...(s3.endpoint.startsWith('http://') ? { 'hive.s3.ssl.enabled': 'false' } : {}),
  };
}

/** Connectors whose catalogs read table files through Trino's file systems. */
export const FILE_SYSTEM_CONNECTORS: readonly string[] = ['hive', 'iceberg', 'delta_lake', 'hudi'];
