import { REGISTRY } from '../../src/components/registry';
import type { Registry } from '../../src/core/component';
import type { Delivery } from '../../src/delivery';
import { NotFoundError } from '../errors';
import type { ComponentEndpoint } from './endpoints';
import { loadRequestSpec } from './load-spec';
import { pickInstance } from './pick-instance';
import { referrersOf, referrerUpdates } from './referrers';
import { changeResult, dryRunResult, instanceSummary } from './results';
import type { Actor, ChangeOptions, ChangeResult, ComponentService, CreateRequest, InstanceSummary } from './types';

export interface GitComponentServiceOptions {
  /** Started by the caller; closed by `close()`. */
  readonly delivery: Delivery;
  /** Longest the readiness probe waits for the remote. */
  readonly remoteTimeoutMs: number;
  /** The components whose documents it loads. @default REGISTRY */
  readonly registry?: Registry;
}

/**
 * The component endpoints on the real engine and Git: validate and map the document as the CLI does,
 * synthesize and commit through the delivery module (author = the calling user), answer what happened.
 * Delivery errors keep their names (ConflictError, GitRemoteError, …); the error handler maps them.
 */
export function gitComponentService({ delivery, remoteTimeoutMs, registry = REGISTRY }: GitComponentServiceOptions): ComponentService {
  const inFlight = new Set<Promise<unknown>>();
  /** Every operation is tracked, so `close()` can let those that began finish before the clone is released. */
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
    return work;
  };

  const list = async (endpoint: ComponentEndpoint): Promise<InstanceSummary[]> =>
    (await delivery.list()).filter((i) => i.kind === endpoint.kind).map(instanceSummary);

  return {
    create: (request: CreateRequest, actor: Actor, options: ChangeOptions) =>
      track(
        (async (): Promise<ChangeResult> => {
          const spec = loadRequestSpec(registry, request);
          const instance = { kind: spec.kind, name: spec.metadata.name, namespace: spec.metadata.namespace };
          const change = { spec, user: actor.name, requestId: options.requestId, review: options.review };
          return options.dryRun ? dryRunResult(instance, await delivery.preview(change)) : changeResult(instance, await delivery.apply(change));
        })(),
      ),

    list: (endpoint) => track(list(endpoint)),

    remove: (endpoint, name, actor, options) =>
      track(
        (async (): Promise<ChangeResult> => {
          const instances = await list(endpoint);
          const target = name ?? pickInstance(endpoint, instances);
          const found = instances.find((i) => i.name === target);
          if (!found) throw new NotFoundError(`no ${endpoint.component} instance named "${target}" in the GitOps repository`);
          const instance = { kind: found.kind, name: found.name, namespace: found.namespace };
          // Instances referring to it: 409, or with force their specs without the references, committed first.
          // TODO(delivery): one commit for the removal and these updates once delivery takes several changes at once.
          const updates = referrerUpdates(registry, referrersOf(await delivery.list(), registry, { kind: endpoint.kind, name: target }), { kind: endpoint.kind, name: target }, options.force ?? false);
          if (!options.dryRun) for (const u of updates) await delivery.apply({ ...u, user: actor.name, requestId: options.requestId, review: options.review });
          const change = { kind: endpoint.kind, name: target, user: actor.name, requestId: options.requestId, review: options.review };
          return options.dryRun ? dryRunResult(instance, await delivery.preview(change)) : changeResult(instance, await delivery.remove(change));
        })(),
      ),

    stored: (kind) => track((async () => (await delivery.list()).filter((i) => i.kind === kind).map((i) => ({ spec: i.spec, specHash: i.specHash })))()),

    update: (spec, baseSpecHash, actor, options) =>
      track(
        (async (): Promise<ChangeResult> => {
          const instance = { kind: spec.kind, name: spec.metadata.name, namespace: spec.metadata.namespace };
          const change = { spec, baseSpecHash, user: actor.name, requestId: options.requestId, review: options.review };
          return options.dryRun ? dryRunResult(instance, await delivery.preview(change)) : changeResult(instance, await delivery.apply(change));
        })(),
      ),

    checkRemote: () => delivery.checkRemote(remoteTimeoutMs),

    async close() {
      await Promise.allSettled([...inFlight]);
      await delivery.close();
    },
  };
}
