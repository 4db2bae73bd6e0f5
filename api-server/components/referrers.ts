import type { ComponentDefinition, Registry } from '../../src/core/component';
import type { InstanceRef, InstanceSpec } from '../../src/core/instance';
import { loadSpecs } from '../../src/schema/load';
import { ConflictError } from '../errors';
import type { StoredSpec } from './types';

/** An instance that refers to the one being deleted, and where. */
export interface Referrer extends StoredSpec {
  readonly refs: readonly InstanceRef[];
  readonly component?: ComponentDefinition;
}

/** Stored instances whose component lists `target` among its references (the engine's reference mechanism). */
export function referrersOf(stored: readonly StoredSpec[], registry: Registry, target: { kind: string; name: string }): Referrer[] {
  return stored.flatMap((s) => {
    const component = registry.find((c) => c.kind.kind === s.spec.kind);
    const refs = (component?.references?.(s.spec) ?? []).filter((r) => r.kind === target.kind && r.name === target.name);
    return refs.length && !(s.spec.kind === target.kind && s.spec.metadata.name === target.name) ? [{ ...s, refs, component }] : [];
  });
}

/**
 * What deleting `target` does to the instances referring to it: without `force`, a 409 naming them (the
 * GitOps agents would otherwise apply specs pointing at nothing); with it, their specs without those
 * references, validated again — or a 409 for a referrer whose component cannot drop them.
 */
export function referrerUpdates(
  registry: Registry,
  referrers: readonly Referrer[],
  target: { kind: string; name: string },
  force: boolean,
): { spec: InstanceSpec; baseSpecHash: string }[] {
  if (referrers.length === 0) return [];
  const named = referrers.map((r) => `${r.spec.kind} "${r.spec.metadata.name}" (${r.refs.map((ref) => ref.path).join(', ')})`).join(', ');
  if (!force)
    throw new ConflictError(
      `${target.kind} "${target.name}" is referenced by ${named}: change those first, or delete with force=true to drop the references in the same request`,
    );
  const blocked = referrers.filter((r) => r.component?.withoutReferencesTo === undefined);
  if (blocked.length)
    throw new ConflictError(
      `${target.kind} "${target.name}" is referenced by ${named}, and ${blocked.map((r) => r.spec.kind).join(', ')} cannot drop such a reference: change it first`,
    );
  return referrers.map((r) => {
    const [spec] = loadSpecs(registry, [
      { source: `${r.spec.kind}/${r.spec.metadata.name}`, data: r.component!.withoutReferencesTo!(r.spec, target) },
    ]);
    return { spec, baseSpecHash: r.specHash };
  });
}
