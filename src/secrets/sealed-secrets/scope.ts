/**
 * Where a sealed value may be unsealed (sealed-secrets `SealingScope`). The scope decides the RSA-OAEP
 * label: strict binds namespace and name, namespace-wide only the namespace, cluster-wide nothing.
 */
export type SealingScope = 'strict' | 'namespace-wide' | 'cluster-wide';

export const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';
export const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';

/** The OAEP label for a scope (upstream `EncryptionLabel`). */
export function encryptionLabel(namespace: string, name: string, scope: SealingScope): Buffer {
  switch (scope) {
    case 'cluster-wide':
      return Buffer.alloc(0);
    case 'namespace-wide':
      return Buffer.from(namespace, 'utf8');
    case 'strict':
      return Buffer.from(`${namespace}/${name}`, 'utf8');
  }
}

/** The scope an object's annotations ask for (upstream `SecretScope`); undefined when they ask for none. */
export function annotatedScope(annotations: Readonly<Record<string, string>> | undefined): SealingScope | undefined {
  if (annotations?.[CLUSTER_WIDE_ANNOTATION] === 'true') return 'cluster-wide';
  if (annotations?.[NAMESPACE_WIDE_ANNOTATION] === 'true') return 'namespace-wide';
  return undefined;
}

/** The annotations that tell the controller which label to use (upstream `UpdateScopeAnnotations`). */
export function scopeAnnotations(scope: SealingScope): Record<string, string> {
  if (scope === 'namespace-wide') return { [NAMESPACE_WIDE_ANNOTATION]: 'true' };
  if (scope === 'cluster-wide') return { [CLUSTER_WIDE_ANNOTATION]: 'true' };
  return {};
}
