import { versionLabelOf } from '../common/image';
import { DEFAULT_METASTORE_IMAGE } from './defaults';
import { hiveMajorVersion } from './hive-metastore';
import type { HiveMetastoreSpec } from './schema';

/**
 * Why a Spark image cannot use a metastore, or undefined. Spark 3.x talks to the metastore with its
 * built-in Hive 2.3.9 client unless `spark.sql.hive.metastore.version`/`.jars` name another; that client
 * calls `get_table` (apache/hive PR #2080, HIVE-24608), which Hive 4 removed from the thrift API (PR #3599,
 * HIVE-26537): every table lookup fails with "Invalid method name: 'get_table'". Spark 3.5 supports
 * metastores up to 3.1.3 (Spark docs, "Interacting with Different Versions of Hive Metastore").
 */
export function metastoreClientProblem(
  sparkImage: string,
  metastore: HiveMetastoreSpec,
  confs: Readonly<Record<string, unknown>>,
): string | undefined {
  const sparkMajor = Number(/^(\d+)\./.exec(versionLabelOf(sparkImage) ?? '')?.[1] ?? 3);
  const hive = metastore.spec.image ?? DEFAULT_METASTORE_IMAGE;
  if (sparkMajor >= 4 || hiveMajorVersion(hive) < 4 || 'spark.sql.hive.metastore.jars' in confs) return undefined;
  return `HiveMetastore "${metastore.metadata.name}" runs ${hive} (Hive 4), whose thrift API no longer has the get_table call Spark ${sparkMajor}'s built-in Hive 2.3 client makes: every table lookup would fail. Use a Hive 3.1 metastore (${DEFAULT_METASTORE_IMAGE}, the default), or set spark.sql.hive.metastore.version and spark.sql.hive.metastore.jars for a client that works`;
}
