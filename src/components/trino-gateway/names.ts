/** Names of a TrinoGateway instance's objects, all derived from `metadata.name` (never from construct ids). */
export interface GatewayNames {
  /** Deployment, Service, ServiceAccount, PodDisruptionBudget, NetworkPolicy. */
  readonly gateway: string;
  /** ConfigMap with config.yaml (no secrets: they are `${ENV:…}` references). */
  readonly config: string;
  /** ConfigMap with the routing rules file, mounted without subPath so updates reach running pods. */
  readonly rules: string;
  /** Secret with the generated passwords of the preset users. */
  readonly users: string;
  /** Embedded PostgreSQL: StatefulSet, Services, Secret. */
  readonly database: string;
  readonly databaseHeadless: string;
  readonly databaseSecret: string;
  /** Reconciler ConfigMap (script + declared backends), CronJob; the Job adds the hash of the backend list. */
  readonly reconciler: string;
}

export function gatewayNames(instance: string): GatewayNames {
  return {
    gateway: instance,
    config: `${instance}-config`,
    rules: `${instance}-rules`,
    users: `${instance}-users`,
    database: `${instance}-db`,
    databaseHeadless: `${instance}-db-headless`,
    databaseSecret: `${instance}-db`,
    reconciler: `${instance}-backends`,
  };
}

/** Reconciler Job of one backend list: `<instance>-backends-<first 10 hex of its hash>`. */
export function reconcilerJobName(instance: string, hash: string): string {
  return `${gatewayNames(instance).reconciler}-${hash.slice(0, 10)}`;
}
