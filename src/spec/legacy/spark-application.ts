import type { LegacyKind } from '../kind';
import { sparkApplicationToOwnKind } from './spark-application-app';
import { SPARK_APPLICATION_API_VERSION, SPARK_APPLICATION_KIND } from './spark-application-schema';
import { sparkThriftServerFromApplication } from './spark-thrift-server';

/**
 * Main classes that make an original SparkApplication a Spark thrift server: the original's runner (a
 * wrapper that only calls HiveThriftServer2.main) and Spark's own thrift server class.
 */
export const THRIFT_SERVER_CLASSES: readonly string[] = [
  'com.cloudcheflabs.dataroaster.hive.SparkThriftServerRunner',
  'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2',
];

/**
 * True when an original SparkApplication runs the thrift server. The original told the two apart only by
 * the endpoint it was posted to; the main class says it in the document itself, so a file gives the same
 * result through the CLI and through either API endpoint.
 */
export function isThriftServerApplication(data: unknown): boolean {
  const spec = (data as { spec?: { core?: { class?: unknown } } } | null)?.spec;
  const mainClass = typeof spec === 'object' && spec !== null ? spec.core?.class : undefined;
  return typeof mainClass === 'string' && THRIFT_SERVER_CLASSES.includes(mainClass);
}

/** The original `SparkApplication`: a thrift server (by main class) or a batch/streaming application. */
export const sparkApplicationLegacyKind: LegacyKind = {
  apiVersion: SPARK_APPLICATION_API_VERSION,
  kind: SPARK_APPLICATION_KIND,
  toOwnKind(data, source, params) {
    return isThriftServerApplication(data) ? sparkThriftServerFromApplication(data, source, params) : sparkApplicationToOwnKind(data, source, params);
  },
};
