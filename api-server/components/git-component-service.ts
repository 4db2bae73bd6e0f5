import type { Logger } from 'pino';

import { REGISTRY } from '../../src/components/registry';
import type { Registry } from '../../src/core/component';
import { DEFAULT_RESERVED_NAMESPACES } from '../../src/core/reserved-namespaces';
import type { Delivery, ListedInstance } from '../../src/delivery';
import { InputError, NotFoundError } from '../errors';
import type { ComponentEndpoint } from './endpoints';
import { loadRequestSpec } from './load-spec';
import { pickInstance } from './pick-instance';
import { referrersOf, referrerUpdates } from './referrers';
import { changeResult, dryRunResult, instanceSummary } from './results';
import type { Actor, ChangeOptions, ChangeResult, ComponentService, CreateRequest, InstancePage, InstanceSummary, PageRequest } from './types';

export interface GitComponentServiceOptions {
  /** Started by the caller; closed by `close()`. */
  readonly delivery: Delivery;
  /** Longest the readiness probe waits for the remote. */
  readonly remoteTimeoutMs: number;
  /** Where the warnings of an answer are logged too (review without a forge). @default - not logged */
  readonly log?: Pick<Logger, 'warn'>;
  /** The components whose documents it loads. @default REGISTRY */
  readonly registry?: Registry;
  /** Namespaces no instance may be created in (`DATAROASTER_RESERVED_NAMESPACES` + the server's). @default DEFAULT_RESERVED_NAMESPACES */
  readonly reservedNamespaces?: readonly string[];
}

/**
 * The component endpoints on the real engine and Git: validate and map the document as the CLI does,
 * synthesize and commit through the delivery module (author = the calling user), answer what happened.
 * Delivery errors keep their names (ConflictError, GitRemoteError, …); the error handler maps them.
 */
export function gitComponentService({
  delivery,
  remoteTimeoutMs,
  log,
  registry = REGISTRY,
  reservedNamespaces = DEFAULT_RESERVED_NAMESPACES,
}: GitComponentServiceOptions): ComponentService {
  const inFlight = new Set<Promise<unknown>>();
  /** Every operation is tracked, so `close()` can let those that began finish before the clone is released. */
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
    return work;
  };

  /** An answer with warnings is logged with them, so an operator sees them too, not only the caller. */
  const logged = (result: ChangeResult, requestId: string): ChangeResult => {
    for (const warning of result.warnings ?? []) log?.warn({ requestId, instance: result.instance, branch: result.branch }, warning);
    return result;
  };

  /** Instances of the endpoint's kind, from the delivery's index: no git, no waiting behind a change. */
  const list = async (endpoint: ComponentEndpoint): Promise<InstanceSummary[]> =>
    (await delivery.list({ kind: endpoint.kind })).items.map(instanceSummary);
  /**
   * The same answer as JSON text, each item's JSON kept per listed instance (delivery answers the same
   * object until the instance changes): with thousands of instances, serializing the whole list on every
   * request was most of its time.
   */
  const itemJson = new WeakMap<ListedInstance, string>();
  /**
   * The last answer per kind, with the items it was made of: until one of them is replaced (a change, a
   * fetch, a review), the same list is the same bytes, so repeated lists between changes send them
   * again instead of joining and encoding megabytes per request.
   */
  const lastList = new Map<string, { items: readonly ListedInstance[]; body: Buffer }>();
  const listJson = async (endpoint: ComponentEndpoint): Promise<Buffer> => {
    const { items } = await delivery.list({ kind: endpoint.kind });
    const last = lastList.get(endpoint.kind);
    if (last && last.items.length === items.length && items.every((item, i) => item === last.items[i])) return last.body;
    const parts = items.map((item) => {
      let json = itemJson.get(item);
      if (json === undefined) itemJson.set(item, (json = JSON.stringify(instanceSummary(item))));
      return json;
    });
    const body = Buffer.from(`[${parts.join(',')}]`, 'utf8');
    lastList.set(endpoint.kind, { items, body });
    return body;
  };
  const listPage = async (endpoint: ComponentEndpoint, page: PageRequest): Promise<InstancePage> => {
    const { items, next } = await delivery.list({
      kind: endpoint.kind,
      limit: page.limit,
      after: page.continue === undefined ? undefined : decodeContinue(page.continue),
    });
    return { items: items.map(instanceSummary), ...(next !== undefined ? { continue: encodeContinue(next) } : {}) };
  };

  return {
    create: (request: CreateRequest, actor: Actor, options: ChangeOptions) =>
      track(
        (async (): Promise<ChangeResult> => {
          const spec = loadRequestSpec(registry, request, reservedNamespaces);
          const instance = { kind: spec.kind, name: spec.metadata.name, namespace: spec.metadata.namespace };
          const change = { spec, user: actor.name, requestId: options.requestId, review: options.review };
          return options.dryRun
            ? dryRunResult(instance, await delivery.preview(change))
            : logged(changeResult(instance, await delivery.apply(change)), options.requestId);
        })(),
      ),

    list: (endpoint) => track(list(endpoint)),

    listJson: (endpoint) => track(listJson(endpoint)),

    listPage: (endpoint, page) => track(listPage(endpoint, page)),

    remove: (endpoint, name, actor, options) =>
      track(
        (async (): Promise<ChangeResult> => {
          const instances = (await list(endpoint)).filter((i) => i.pendingReview?.action !== 'create'); // not in the branch yet
          const target = name ?? pickInstance(endpoint, instances);
          const found = instances.find((i) => i.name === target);
          if (!found) throw new NotFoundError(`no ${endpoint.component} instance named "${target}" in the GitOps repository`);
          const instance = { kind: found.kind, name: found.name, namespace: found.namespace };
          // Instances referring to it: 409, or with force their specs without the references, in the same commit.
          const targetRef = { kind: endpoint.kind, name: target };
          const updates = referrerUpdates(
            registry,
            referrersOf(await delivery.specs({ referencing: targetRef }), registry, targetRef),
            targetRef,
            options.force ?? false,
          );
          const change = {
            kind: endpoint.kind,
            name: target,
            user: actor.name,
            requestId: options.requestId,
            review: options.review,
            ...(updates.length ? { updates } : {}),
          };
          return options.dryRun
            ? dryRunResult(instance, await delivery.preview(change))
            : logged(changeResult(instance, await delivery.remove(change)), options.requestId);
        })(),
      ),

    stored: (kind) => track(delivery.specs({ kind })),

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

/** The `continue` token of a list page: where the next page starts, opaque to callers. */
function encodeContinue(folder: string): string {
  return Buffer.from(folder, 'utf8').toString('base64url');
}

function decodeContinue(token: string): string {
  const folder = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^components\/[a-z0-9-]+\/[a-z0-9.-]+$/.test(folder)) throw new InputError(`continue: not a token a list answer gave ("${token}")`);
  return folder;
}
