/**
 * Names of an instance's objects. Every name starts with the instance name, so two TrinoClusters can
 * share a namespace, and none depends on a construct id, so names never change under a refactoring.
 */
export interface TrinoNames {
  readonly serviceAccount: string;
  /** Coordinator Service: what clients and workers connect to. */
  readonly service: string;
  readonly workerService: string;
  readonly coordinator: string;
  readonly worker: string;
  readonly catalogs: string;
  /** Secret of credentials moved out of properties files. */
  readonly credentials: string;
  /** Secret of the generated internal-communication shared secret. */
  readonly sharedSecret: string;
}

export function trinoNames(instance: string, serviceAccountName?: string): TrinoNames {
  return {
    serviceAccount: serviceAccountName ?? instance,
    service: instance,
    workerService: `${instance}-worker`,
    coordinator: `${instance}-coordinator`,
    worker: `${instance}-worker`,
    catalogs: `${instance}-catalogs`,
    credentials: `${instance}-credentials`,
    sharedSecret: `${instance}-shared-secret`,
  };
}
