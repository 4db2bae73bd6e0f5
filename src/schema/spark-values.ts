import { z } from 'zod';

/** A JVM memory size as Spark reads it (`spark.driver.memory`): a whole number with a unit. */
export const sparkMemory = z.string().regex(/^[1-9][0-9]*[kKmMgGtT]$/, 'must be a JVM memory size like "512m" or "2g"');

/** A Hive metastore address, `thrift://host:port`. */
export const thriftUri = z.string().regex(/^thrift:\/\/[^\s/:]+:[0-9]+$/, 'must be a thrift://host:port URI');
