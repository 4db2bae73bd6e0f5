/**
 * Namespaces DataRoaster never deploys into: Kubernetes' own (`kube-system`, `kube-public`,
 * `kube-node-lease` — Kubernetes reserves the `kube-` prefix), `default`, and the GitOps agents'.
 * Entries are names or `prefix*` globs (as Argo CD project destinations take them, so the same list
 * feeds the AppProjects' `!<entry>` denials). `DATAROASTER_RESERVED_NAMESPACES` replaces the list.
 */
export const DEFAULT_RESERVED_NAMESPACES: readonly string[] = ['kube-*', 'default', 'flux-system', 'argocd'];

export const RESERVED_NAMESPACES_VARIABLE = 'DATAROASTER_RESERVED_NAMESPACES';
/** The namespace the API server runs in (from the downward API); reserved too: its own Secrets and data live there. */
export const SERVER_NAMESPACE_VARIABLE = 'DATAROASTER_SERVER_NAMESPACE';

/** A bad `DATAROASTER_RESERVED_NAMESPACES` / `DATAROASTER_SERVER_NAMESPACE`. */
export class ReservedNamespacesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReservedNamespacesError';
  }
}

const ENTRY = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$|^[a-z0-9][-a-z0-9]{0,61}\*$|^\*$/;

/**
 * The reserved namespaces a process works with: `DATAROASTER_RESERVED_NAMESPACES` (comma-separated; when
 * set it replaces the defaults — `none` reserves nothing) or the defaults, plus `DATAROASTER_SERVER_NAMESPACE`.
 */
export function reservedNamespacesFromEnv(env: Readonly<Record<string, string | undefined>>): readonly string[] {
  const raw = env[RESERVED_NAMESPACES_VARIABLE]?.trim();
  const entries =
    raw === undefined || raw === ''
      ? DEFAULT_RESERVED_NAMESPACES
      : raw === 'none'
        ? []
        : raw
            .split(',')
            .map((e) => e.trim())
            .filter((e) => e !== '');
  const bad = entries.filter((e) => !ENTRY.test(e));
  if (bad.length > 0) {
    throw new ReservedNamespacesError(
      `${RESERVED_NAMESPACES_VARIABLE}: expected namespace names or prefixes ending in "*", separated by commas (or "none"), got ${bad.map((e) => `"${e}"`).join(', ')}`,
    );
  }
  const server = env[SERVER_NAMESPACE_VARIABLE]?.trim();
  if (server && !ENTRY.test(server)) throw new ReservedNamespacesError(`${SERVER_NAMESPACE_VARIABLE}: not a namespace name: "${server}"`);
  return [...new Set([...entries, ...(server ? [server] : [])])];
}

/** The entry of `reserved` that `namespace` falls under, if any. */
export function reservedBy(reserved: readonly string[], namespace: string): string | undefined {
  return reserved.find((entry) => (entry.endsWith('*') ? namespace.startsWith(entry.slice(0, -1)) : namespace === entry));
}

/** Why `namespace` is refused, in one sentence for an error message. */
export function reservedNamespaceMessage(namespace: string, entry: string): string {
  const matched = entry === namespace ? '' : ` (matches "${entry}")`;
  return `namespace "${namespace}" is reserved${matched}: DataRoaster does not deploy into system or platform namespaces (the list is ${RESERVED_NAMESPACES_VARIABLE})`;
}
