import type { S3Location } from '../../schema/s3';
import { s3aProperties } from '../common/s3a';
import { DATABASE_USER } from './defaults';
import { METASTORE_THRIFT_PORT } from './discovery';
import { hadoopXml } from './hadoop-xml';

/**
 * Environment variable holding the database password (from the generated Secret). hive-site.xml
 * refers to it as `${env.HIVE_DB_PASSWORD}` (Hadoop 3 Configuration substitution, which Hive's
 * MetastoreConf.getPassword goes through), so the password is in no file and on no command line.
 */
export const DB_PASSWORD_ENV = 'HIVE_DB_PASSWORD';
/** The configuration file both the metastore and schematool read. */
export const HIVE_SITE = 'hive-site.xml';

export interface MetastoreConfigInput {
  readonly s3: S3Location;
  /** `s3a://<bucket>/…` where managed tables live. */
  readonly warehouseDir: string;
  readonly jdbcUrl: string;
}

/**
 * Console logging. The metastore looks for `metastore-log4j2.properties` on its classpath (HIVE_CONF_DIR
 * comes first); the `hive` launcher may point log4j at `hive-log4j2.properties` instead, so both names
 * carry the same console configuration.
 */
const LOG4J2 = `status = WARN
name = HiveMetastore
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{ISO8601} %5p [%t] %c{2}: %m%n
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = console
`;

/**
 * The ConfigMap data: `hive-site.xml`, `core-site.xml` (S3A) and the log configuration. No credentials.
 *
 * The settings go into `hive-site.xml`, the one file both readers load: the server's
 * `MetastoreConf.newMetastoreConf` reads hive-site.xml, then hivemetastore-site.xml and metastore-site.xml,
 * but schematool (`HiveSchemaTool.main`) builds a `HiveConf`, which reads hive-site.xml and never
 * metastore-site.xml (apache/hive `standalone-metastore/.../MetastoreConf.java` newMetastoreConf,
 * `common/.../HiveConf.java` initialize, 3.1 and 4.0 alike). With metastore-site.xml only, schematool fell
 * back to an embedded Derby database and the metastore never found its schema.
 */
export function metastoreConfigData(input: MetastoreConfigInput): Record<string, string> {
  return {
    'core-site.xml': hadoopXml(s3aProperties(input.s3)),
    'hive-log4j2.properties': LOG4J2,
    'metastore-log4j2.properties': LOG4J2,
    [HIVE_SITE]: hadoopXml({
      'javax.jdo.option.ConnectionDriverName': 'com.mysql.cj.jdbc.Driver',
      'javax.jdo.option.ConnectionPassword': `\${env.${DB_PASSWORD_ENV}}`,
      'javax.jdo.option.ConnectionURL': input.jdbcUrl,
      'javax.jdo.option.ConnectionUserName': DATABASE_USER,
      'metastore.metrics.enabled': 'true',
      // The schema Job creates and upgrades the schema; the server only checks it matches.
      'metastore.schema.verification': 'true',
      'metastore.thrift.port': String(METASTORE_THRIFT_PORT),
      'metastore.warehouse.dir': input.warehouseDir,
    }),
  };
}
