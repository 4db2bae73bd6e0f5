import type { DeliveryContext } from './context';
import type { IndexedInstance } from './repo-state';
import type { ListedInstance, ListPage, ListQuery, SpecQuery, StoredSpec } from './types';

/**
 * Instances from the index (Git is the source of truth; the index is what the server last fetched or
 * pushed): no git process, no lock, so a list never waits for a change in flight or for the remote.
 * Instances whose creation waits in review are listed too, marked by `pending.action: 'create'`.
 * In folder order; `after` (a folder) and `limit` page through long lists.
 */
export function listInstances(ctx: DeliveryContext, query: ListQuery = {}): ListPage {
  const component = query.kind === undefined ? undefined : ctx.registry.find((c) => c.kind.kind === query.kind)?.folder;
  const pendingByFolder = new Map(ctx.reviews.all().map((p) => [p.folder, p]));
  const listed: ListedInstance[] = [];
  const matches = (i: Pick<IndexedInstance, 'kind' | 'folder'>) =>
    (query.kind === undefined || i.kind === query.kind) && (query.after === undefined || i.folder > query.after);
  for (const instance of ctx.index.state.instances()) {
    if (matches(instance)) listed.push(toListed(ctx, instance, pendingByFolder.get(instance.folder)));
  }
  for (const review of pendingByFolder.values()) {
    if (review.action === 'create' && review.proposed && matches(review.proposed) && (component === undefined || review.component === component)) {
      listed.push(toListed(ctx, review.proposed, review));
    }
  }
  listed.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  if (query.limit === undefined || listed.length <= query.limit) return { items: listed };
  const items = listed.slice(0, query.limit);
  return { items, next: items[items.length - 1].folder };
}

/**
 * The listed form of an instance with no review pending, made once per index entry (entries are replaced,
 * never changed): a list of thousands answers the same objects again, and callers can cache by them
 * (the API keeps each one's JSON).
 */
const listedOnce = new WeakMap<IndexedInstance, ListedInstance>();

function toListed(
  ctx: DeliveryContext,
  instance: IndexedInstance,
  review: ReturnType<DeliveryContext['reviews']['all']>[number] | undefined,
): ListedInstance {
  if (review === undefined) {
    let listed = listedOnce.get(instance);
    if (!listed) listedOnce.set(instance, (listed = listedOf(ctx, instance, undefined)));
    return listed;
  }
  return listedOf(ctx, instance, review);
}

function listedOf(
  ctx: DeliveryContext,
  instance: IndexedInstance,
  review: ReturnType<DeliveryContext['reviews']['all']>[number] | undefined,
): ListedInstance {
  const pr = review && ctx.reviews.prUrl(review.branch);
  return {
    kind: instance.kind,
    name: instance.name,
    namespace: instance.namespace,
    folder: instance.folder,
    specHash: instance.specHash,
    ...(instance.lastCommit ? { lastCommit: instance.lastCommit } : {}),
    ...(review
      ? {
          pending: {
            kind: instance.kind,
            name: instance.name,
            branch: review.branch,
            commit: review.commit,
            action: review.action,
            ...(pr ? { prUrl: pr } : {}),
          },
        }
      : {}),
  };
}

/**
 * Stored specs of the instances matching `query`, in folder order: the index selects them (kind, and the
 * references it keeps per instance), and only those specs are read, parsed once per blob and cached.
 */
export async function storedSpecs(ctx: DeliveryContext, query: SpecQuery): Promise<StoredSpec[]> {
  const { kind, referencing } = query;
  const selected = ctx.index.state
    .instances()
    .filter(
      (i) =>
        (kind === undefined || i.kind === kind) &&
        (referencing === undefined || i.references.some((r) => r.kind === referencing.kind && r.name === referencing.name)),
    );
  return Promise.all(selected.map(async (i) => ({ spec: await ctx.index.spec(i), specHash: i.specHash })));
}
