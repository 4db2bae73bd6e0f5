import type { SparkThriftServerSpec } from './schema';

/** Names of a SparkThriftServer instance's objects, derived from `metadata.name` and the spec. */
export interface ThriftServerNames {
  /** Deployment running the driver (the thrift server in client mode). */
  readonly driver: string;
  /** Headless Service executors reach the driver through (`spark.driver.host`). */
  readonly driverService: string;
  /** Client Service: JDBC and UI (`spark-thrift-server-service` for instances mapped from the original). */
  readonly service: string;
  readonly serviceAccount: string;
  /** Role and RoleBinding of the driver. */
  readonly role: string;
  /** spark-defaults.conf and the executor pod template. */
  readonly config: string;
}

export function thriftServerNames(spec: Pick<SparkThriftServerSpec, 'metadata' | 'spec'>): ThriftServerNames {
  const name = spec.metadata.name;
  return {
    driver: name,
    driverService: `${name}-driver`,
    service: spec.spec.service?.name ?? name,
    serviceAccount: spec.spec.serviceAccountName ?? name,
    role: `${name}-driver`,
    config: `${name}-config`,
  };
}
