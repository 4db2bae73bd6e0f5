import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { resourceRequirements } from './resources';
import { restrictedContainerSecurityContext } from './security-context';

/**
 * A jar from a Maven repository, pinned by version and SHA-256. Each checksum below is the one of the
 * Maven Central artifact, as published independently by several projects' build files (see
 * docs/runtime.md, "Jars the stock images lack"); the fetcher refuses any other bytes.
 */
export interface MavenJar {
  readonly group: string;
  readonly artifact: string;
  readonly version: string;
  /** Lower-case hex SHA-256 of the jar. */
  readonly sha256: string;
}

/** MySQL Connector/J: the metastore's JDBC driver, absent from `apache/hive` (its Dockerfile empties `jdbc/`). */
export const MYSQL_CONNECTOR_J: MavenJar = {
  group: 'com.mysql',
  artifact: 'mysql-connector-j',
  version: '8.4.0',
  sha256: 'd77962877d010777cff997015da90ee689f0f4bb76848340e1488f2b83332af5',
};
/** S3A for Spark 3.5 (built against Hadoop 3.3.4); `apache/spark` is built without `-Phadoop-cloud`. */
export const HADOOP_AWS: MavenJar = {
  group: 'org.apache.hadoop',
  artifact: 'hadoop-aws',
  version: '3.3.4',
  sha256: '53f9ae03c681a30a50aa17524bd9790ab596b28481858e54efd989a826ed3a4a',
};
/** The AWS SDK v1 bundle hadoop-aws 3.3.4 was built with. */
export const AWS_JAVA_SDK_BUNDLE: MavenJar = {
  group: 'com.amazonaws',
  artifact: 'aws-java-sdk-bundle',
  version: '1.12.262',
  sha256: '873fe7cf495126619997bec21c44de5d992544aea7e632fdc77adb1a0915bae5',
};

/**
 * What Spark's S3A file system needs beside the stock `apache/spark` image (built without
 * `-Phadoop-cloud`): one list for every Spark workload (thrift server, applications) and for
 * `images/spark/Dockerfile` (a test keeps them equal).
 */
export const S3A_JARS: readonly MavenJar[] = [HADOOP_AWS, AWS_JAVA_SDK_BUNDLE];

/**
 * Where Spark pods get the fetched S3A jars: an emptyDir the fetcher writes and the Spark container mounts
 * read-only, named on `spark.{driver,executor}.extraClassPath`.
 */
export const SPARK_EXTRA_JARS_DIR = '/opt/spark/extra-jars';
export const SPARK_EXTRA_JARS_VOLUME = 'extra-jars';

/**
 * The classpath settings for jars in `dir`: spark-submit builds the (client-mode) driver's JVM classpath
 * from `spark.driver.extraClassPath`; executors get `spark.executor.extraClassPath` as `SPARK_CLASSPATH`,
 * which the image's entrypoint.sh extends. `dir/*` is a JVM classpath wildcard.
 */
export function extraClassPathConf(dir: string): Record<string, string> {
  return { 'spark.driver.extraClassPath': `${dir}/*`, 'spark.executor.extraClassPath': `${dir}/*` };
}

/** File name of a jar, e.g. `hadoop-aws-3.3.4.jar`. */
export function jarFileName(jar: MavenJar): string {
  return `${jar.artifact}-${jar.version}.jar`;
}

/** URL of a jar in a Maven 2 repository layout (Maven Central or a mirror of it). */
export function mavenJarUrl(repository: string, jar: MavenJar): string {
  return `${repository.replace(/\/+$/, '')}/${jar.group.replace(/\./g, '/')}/${jar.artifact}/${jar.version}/${jarFileName(jar)}`;
}

/** curl streams to disk: little memory, whatever the jar's size. */
export const JAR_FETCHER_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } as const;

export interface JarFetcherProps {
  readonly jars: readonly MavenJar[];
  /** Maven 2 repository to fetch from. */
  readonly repository: string;
  /** An image with `sh`, `curl` and `sha256sum`. */
  readonly image: string;
  readonly imagePullPolicy?: string;
  /** Volume (an emptyDir) the jars are written to, and where the fetcher mounts it. */
  readonly volumeName: string;
  readonly mountPath: string;
}

/**
 * An init container that downloads pinned jars into a shared emptyDir and verifies each one's SHA-256
 * before it is given its final name; a mismatch or a failed download fails the pod (and is retried by
 * its controller), so no unverified jar ever reaches a classpath.
 */
export function jarFetcherContainer(props: JarFetcherProps): k8s.Container {
  const fetches = props.jars.map((jar) => `fetch '${mavenJarUrl(props.repository, jar)}' '${jarFileName(jar)}' '${jar.sha256}'`);
  const script = [
    'set -eu',
    `cd '${props.mountPath}'`,
    'fetch() {',
    '  [ -f "$2" ] && return 0',
    '  curl -fsSL --retry 5 --retry-connrefused -o "$2.part" "$1"',
    '  echo "$3  $2.part" > "$2.sha256"',
    '  sha256sum -c "$2.sha256"',
    '  mv "$2.part" "$2" && rm "$2.sha256"',
    '}',
    ...fetches,
  ].join('\n');
  return {
    name: 'fetch-jars',
    image: props.image,
    ...(props.imagePullPolicy ? { imagePullPolicy: props.imagePullPolicy } : {}),
    command: ['sh', '-c', script],
    resources: resourceRequirements(JAR_FETCHER_RESOURCES),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [{ name: props.volumeName, mountPath: props.mountPath }],
  };
}
