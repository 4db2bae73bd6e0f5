import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { resolveJars } from '../../schema/jars';
import { extraClassPathConf, jarFetcherContainer, S3A_JARS, SPARK_EXTRA_JARS_DIR, SPARK_EXTRA_JARS_VOLUME } from '../common/jars';
import type { SparkApplicationSpec } from './schema';

const S3A_URL = /\bs3a:\/\//;

/** Settings spark-submit resolves (globs) with Hadoop's file systems before it hands over to the driver. */
const SUBMIT_RESOLVED_CONFS = ['spark.jars', 'spark.files', 'spark.archives', 'spark.submit.pyFiles'];

/** The application reads or writes S3A: `spec.s3`, an `s3a://` main file or dependency, or an `s3a://` setting. */
export function usesS3a(spec: SparkApplicationSpec): boolean {
  return spec.s3 !== undefined || [spec.mainApplicationFile, ...spec.pyFiles, ...Object.values(spec.confs)].some((value) => S3A_URL.test(value));
}

/**
 * spark-submit itself opens S3A (in the submitting pod, or the Spark operator's): it resolves the globs
 * of `--py-files`, `spark.jars`, `spark.files` and `spark.archives` with Hadoop's FileSystem in every
 * deploy mode (SparkSubmit.prepareSubmitEnvironment, DependencyUtils.resolveGlobPaths). The main file is
 * only read by the driver.
 */
export function submitUsesS3a(spec: SparkApplicationSpec): boolean {
  return [...spec.pyFiles, ...SUBMIT_RESOLVED_CONFS.map((key) => spec.confs[key] ?? '')].some((value) => S3A_URL.test(value));
}

/** Where the pods of an application get the S3A jars from, when it needs them and the image lacks them. */
export interface S3aJars {
  /** The init container fetching them, SHA-256 checked, into `volume`. */
  readonly fetcher: k8s.Container;
  readonly volume: k8s.Volume;
  /** The Spark container's (read-only) mount of `volume`. */
  readonly mount: k8s.VolumeMount;
  readonly dir: string;
}

/**
 * The S3A jars (hadoop-aws and the AWS SDK bundle, the thrift server's list) for an application that
 * uses S3A on an image without them: `spec.jars.source: maven` (the default). With `source: image`
 * (a derived image from images/spark) or without S3A, none.
 */
export function s3aJars(spec: SparkApplicationSpec): S3aJars | undefined {
  const jars = resolveJars(spec.jars);
  if (jars.source !== 'maven' || !usesS3a(spec)) return undefined;
  return {
    fetcher: jarFetcherContainer({
      jars: S3A_JARS,
      repository: jars.repository,
      image: jars.fetcherImage,
      imagePullPolicy: spec.imagePullPolicy,
      volumeName: SPARK_EXTRA_JARS_VOLUME,
      mountPath: SPARK_EXTRA_JARS_DIR,
    }),
    volume: { name: SPARK_EXTRA_JARS_VOLUME, emptyDir: {} },
    mount: { name: SPARK_EXTRA_JARS_VOLUME, mountPath: SPARK_EXTRA_JARS_DIR, readOnly: true },
    dir: SPARK_EXTRA_JARS_DIR,
  };
}

/**
 * `spark.{driver,executor}.extraClassPath` naming the fetched jars, ahead of a classpath the spec's
 * `confs` give (which would otherwise replace it).
 */
export function s3aClassPathConf(jars: S3aJars | undefined, confs: Readonly<Record<string, string>>): Record<string, string> {
  if (!jars) return {};
  return Object.fromEntries(Object.entries(extraClassPathConf(jars.dir)).map(([key, value]) => [key, confs[key] ? `${value}:${confs[key]}` : value]));
}
