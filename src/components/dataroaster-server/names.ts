/** Names of a DataRoasterServer instance's objects, all derived from `metadata.name`. */
export interface ServerNames {
  /** Deployment, Service, ServiceAccount and NetworkPolicy. */
  readonly server: string;
  /** The data volume's PersistentVolumeClaim. */
  readonly data: string;
  /** The generated admin password. */
  readonly adminSecret: string;
}

export function serverNames(name: string): ServerNames {
  return { server: name, data: `${name}-data`, adminSecret: `${name}-admin` };
}

/** Key of the admin password in its Secret. */
export const ADMIN_PASSWORD_KEY = 'password';
