/** Names of a DataRoasterServer instance's objects, all derived from `metadata.name`. */
export interface ServerNames {
  /** Deployment, Service, ServiceAccount and NetworkPolicy. */
  readonly server: string;
  /** The data volume's PersistentVolumeClaim. */
  readonly data: string;
  /** The generated admin password. */
  readonly adminSecret: string;
  /** The generated sealing hash key all replicas share (production shape). */
  readonly sealingSecret: string;
}

export function serverNames(name: string): ServerNames {
  return { server: name, data: `${name}-data`, adminSecret: `${name}-admin`, sealingSecret: `${name}-sealing` };
}

/** Key of the admin password in its Secret. */
export const ADMIN_PASSWORD_KEY = 'password';

/** Key of the sealing hash key in its Secret. */
export const SEALING_HASH_KEY = 'hash-key';
