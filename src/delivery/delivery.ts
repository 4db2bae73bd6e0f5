import { resolve } from 'node:path';

import { Mutex } from 'async-mutex';

import { version as packageVersion } from '../../package.json';
import { REGISTRY } from '../components/registry';
import type { Registry } from '../core/component';
import type { SecretPolicy } from '../secrets/policy';
import { Change } from './change';
import { LocalClone, removeCrashLeftovers, removeUnclaimedClone, staleBranchLock } from './clone';
import { cloneDir, DEFAULT_NETWORK_TIMEOUT_MS, DEFAULT_POLL_MS, defaultRemoteDir, DeliveryConfig } from './config';
import { DeliveryContext, DeliveryEvents, DeliveryLogger, silentLogger } from './context';
import { DirectWriter } from './direct-writer';
import { DeliveryError, RemoteLockedError, RepositoryNotReadyError } from './errors';
import { createGit } from './git';
import { ensureBareRepository, initialize } from './initialize';
import { InstanceIndex } from './instance-index';
import { listInstances, storedSpecs } from './inventory';
import { lsRemote } from './ls-remote';
import type { PlatformSettings } from './platform-delta';
import { previewChange } from './preview';
import { createProvider, Fetch, ReviewProvider } from './providers';
import { clusterRepoUrl, redactUrls } from './redact';
import { RemoteHealth } from './remote-health';
import { ReviewIndex } from './review-branches';
import { submitForReview } from './review-writer';
import { fetchAndIndex } from './sync';
import type { ApplyChange, DeliveryResult, ListPage, ListQuery, PendingChange, Preview, RemoveChange, SpecQuery, StoredSpec } from './types';

export interface DeliveryOptions {
  readonly config: DeliveryConfig;
  /** The components it synthesizes. @default REGISTRY, every built-in component */
  readonly registry?: Registry;
  /** What happens to Secrets (the API server injects a sealer). @default { mode: 'refuse' } */
  readonly secrets?: SecretPolicy;
  readonly log?: DeliveryLogger;
  /** HTTP client of the review provider. @default global fetch */
  readonly fetch?: Fetch;
  /** Pull-request provider; overrides `config.provider`. */
  readonly provider?: ReviewProvider;
  /** Goes into the `DataRoaster-Version` trailer. @default this package's version */
  readonly version?: string;
  /** Hooks for metrics (push retries). */
  readonly events?: DeliveryEvents;
}

/** Where the repository stands: loaded (the index answers reads), and why not, or why changes cannot go out. */
export interface DeliveryStatus {
  /** The index holds the repository (perhaps as last fetched, when the remote is down). */
  readonly loaded: boolean;
  /** Changes can be made: the repository was fetched and checked at least once since start-up. */
  readonly writable: boolean;
  /** The last start-up or refresh failure, while it lasts. */
  readonly problem?: string;
}

/** Turns "this spec changed, requested by user U" into Git history Argo CD or Flux applies. */
export interface Delivery {
  /**
   * Opens (or creates) the local clone, cleans what a crash left, loads the repository into the index
   * (initializing an empty remote). A remote that does not answer does not fail the start: the delivery
   * keeps trying in the background and `status()` / `checkRemote()` say why it is not ready.
   */
  start(): Promise<void>;
  /** Creates or updates an instance: one commit, acknowledged once pushed (or a review branch + PR). */
  apply(change: ApplyChange): Promise<DeliveryResult>;
  /** Deletes an instance: its folder and bootstrap entries in one commit (or a review branch + PR). */
  remove(change: RemoveChange): Promise<DeliveryResult>;
  /** Dry run: files and unified diff against the tip the index is at; nothing committed; never waits for a change. */
  preview(change: ApplyChange | RemoveChange): Promise<Preview>;
  /** Instances from the index (no git, no waiting), with their last commit and pending review; paged with `limit`/`after`. */
  list(query?: ListQuery): Promise<ListPage>;
  /** Stored specs of a kind and/or of the instances referencing one, from the index (parsed once per blob). */
  specs(query: SpecQuery): Promise<StoredSpec[]>;
  /** Changes waiting in review branches, as last fetched. */
  pending(): Promise<PendingChange[]>;
  /** Fetches now and moves the index to the remote tip (the background refresh does this every `pollMs`). */
  refresh(): Promise<void>;
  status(): DeliveryStatus;
  /** Things a user should know about what is written (e.g. bootstrap/ left out, and why). */
  readonly warnings: readonly string[];
  /**
   * Readiness: resolves when the repository is loaded and the remote answers `git ls-remote` within
   * `timeoutMs`; otherwise throws a typed error saying why (not loaded, stale lock on the remote,
   * unreachable, timed out, credentials). Does not wait for changes in flight.
   */
  checkRemote(timeoutMs: number): Promise<void>;
  /** Waits for work in flight and releases the local clone. */
  close(): Promise<void>;
}

/** URLs the GitOps agents can clone: Flux's GitRepository `spec.url` allows `^(http|https|ssh)://.*$`. */
const AGENT_URL = /^(https?|ssh):\/\//;
/** Retry interval of the background refresh while the repository is not loaded or the remote is down. */
const RETRY_MS = 5000;

export function createDelivery(options: DeliveryOptions): Delivery {
  const { config } = options;
  const embedded = config.remoteUrl === undefined;
  const remoteUrl = config.remoteUrl ?? resolve(defaultRemoteDir(config));
  // the embedded repository is its own clone (see LocalClone): no second copy, no push
  const dir = embedded ? remoteUrl : resolve(cloneDir(config));
  const networkTimeoutMs = config.networkTimeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;
  const pollMs = config.pollMs ?? DEFAULT_POLL_MS;
  const git = createGit({ dir, timeoutMs: config.timeoutMs, networkTimeoutMs });
  const clone = new LocalClone(dir, remoteUrl, config.branch, git, embedded, config.timeoutMs);
  const provider = options.provider ?? (config.provider ? createProvider(config.provider, options.fetch) : undefined);
  const registry = options.registry ?? REGISTRY;
  const bootstrap = {
    repoUrl: config.clusterRepoUrl ?? clusterRepoUrl(remoteUrl),
    branch: config.branch,
    fluxSecretName: config.fluxSecretName,
    agent: config.gitopsAgent,
    reservedNamespaces: config.reservedNamespaces,
  };
  const platform: PlatformSettings = AGENT_URL.test(bootstrap.repoUrl)
    ? { bootstrap }
    : {
        bootstrap,
        omitted: `bootstrap/ is not written: the repository URL the GitOps agents would get (${redactUrls(bootstrap.repoUrl)}) is not one Flux or Argo CD can clone (http(s):// or ssh://); set DATAROASTER_GITOPS_REPO_URL to the URL your cluster reaches this repository at`,
      };
  const index = new InstanceIndex(git, registry, config.gitopsAgent);
  const ctx: DeliveryContext = {
    config,
    clone,
    index,
    reviews: new ReviewIndex(git, index, registry),
    health: new RemoteHealth(),
    registry,
    secrets: options.secrets,
    platform,
    version: options.version ?? packageVersion,
    log: options.log ?? silentLogger,
    provider,
    events: options.events ?? {},
  };
  const warnings = platform.omitted ? [platform.omitted] : [];
  const mutex = new Mutex();
  const direct = new DirectWriter(ctx, mutex);
  let state: 'new' | 'started' | 'closed' = 'new';
  let loaded = false;
  let writable = false;
  let problem: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  const started = () => {
    if (state !== 'started') throw new DeliveryError(state === 'new' ? 'delivery not started: call start() first' : 'delivery is closed');
  };
  const notLoaded = () => new RepositoryNotReadyError(`the GitOps repository is not loaded yet${problem ? `: ${problem}` : ''}`);
  const withWarnings = (result: DeliveryResult): DeliveryResult => (warnings.length ? { ...result, warnings } : result);
  const submit = async (change: Change): Promise<DeliveryResult> => {
    started();
    if (!writable) throw notLoaded();
    const review = change.review ?? config.review === 'pr';
    return withWarnings(await (review ? mutex.runExclusive(() => submitForReview(ctx, change)) : direct.submit(change)));
  };

  /** Loads the repository (first time, or after a failed start): initialize under the mutex. */
  const load = () =>
    mutex.runExclusive(async () => {
      try {
        await initialize(ctx);
        loaded = writable = true;
        direct.synced = true;
        if (problem) ctx.log.info({ branch: config.branch }, 'GitOps repository loaded');
        problem = undefined;
      } catch (err) {
        problem = (err as Error).message;
        if (!loaded) {
          const tip = await clone.tracking();
          if (tip !== undefined) {
            await index.rebuild(tip); // serve reads from what was fetched before; changes wait for the remote
            loaded = true;
          }
        }
        throw err;
      }
    });

  /** One background step: load if not loaded, else fetch and move the index; PR URLs after. */
  const tick = async () => {
    if (!writable) await load();
    else if (!mutex.isLocked()) {
      await mutex
        .runExclusive(() => fetchAndIndex(ctx))
        .then(
          () => {
            if (problem) ctx.log.info({ branch: config.branch }, 'the remote answers again');
            problem = undefined;
          },
          (err: Error) => {
            problem = err.message;
            throw err;
          },
        );
    }
    if (provider && ctx.reviews.all().length) {
      const open = await provider.listOpen();
      ctx.reviews.setPrUrls(new Map(open.map((p) => [p.branch, p.url])));
    }
  };
  const schedule = () => {
    if (state !== 'started' || pollMs === 0) return;
    const delay = !writable || ctx.health.isDown ? Math.min(RETRY_MS, pollMs) : pollMs;
    timer = setTimeout(() => {
      const before = problem;
      ticking = tick()
        .catch((err: Error) => {
          if (err.message !== before) ctx.log.warn({ err: err.message }, 'GitOps repository refresh failed; retrying');
        })
        .finally(() => {
          ticking = undefined;
          schedule();
        });
    }, delay);
    timer.unref();
  };

  return {
    warnings,
    async start() {
      if (state === 'started') return;
      if (config.remoteUrl === undefined) {
        await ensureBareRepository(remoteUrl, config.branch, config.timeoutMs);
        // The server owns this repository: what a crash left in it (quarantined objects of a killed push, lock files) goes.
        const removed = removeCrashLeftovers(remoteUrl);
        if (removed.length) ctx.log.warn({ removed }, 'removed what a crashed git process left in the GitOps repository');
        // the separate working clone of earlier versions: it holds nothing the repository does not
        removeUnclaimedClone(cloneDir(config));
      }
      await mutex.runExclusive(() => clone.open());
      state = 'started';
      if (platform.omitted) ctx.log.warn({ repoUrl: redactUrls(bootstrap.repoUrl) }, platform.omitted);
      try {
        await load();
        ctx.log.info({ remote: redactUrls(remoteUrl), branch: config.branch, clone: dir, instances: index.state.size }, 'GitOps delivery ready');
      } catch (err) {
        ctx.log.warn(
          { remote: redactUrls(remoteUrl), err: (err as Error).message },
          'GitOps repository not loaded; the server starts not ready and retries',
        );
      }
      schedule();
    },
    apply: submit,
    remove: submit,
    async preview(change) {
      started();
      if (!loaded) throw notLoaded();
      return previewChange(ctx, change);
    },
    async list(query) {
      started();
      if (!loaded) throw notLoaded();
      return listInstances(ctx, query);
    },
    async specs(query) {
      started();
      if (!loaded) throw notLoaded();
      return storedSpecs(ctx, query);
    },
    async pending() {
      started();
      if (!loaded) throw notLoaded();
      return ctx.reviews.changes();
    },
    async refresh() {
      started();
      await tick();
    },
    status: () => ({ loaded, writable, ...(problem ? { problem } : {}) }),
    async checkRemote(timeoutMs) {
      started();
      if (isLocalPath(remoteUrl)) {
        const lock = staleBranchLock(localPath(remoteUrl), config.branch);
        if (lock)
          throw new RemoteLockedError(
            `the remote branch ${config.branch} is locked by a stale lock file ${lock} (no push is running; a crashed git left it): every push fails until it is removed — remove that file`,
          );
      }
      try {
        await lsRemote(dir, config.branch, timeoutMs);
        ctx.health.observe();
      } catch (err) {
        ctx.health.observe(err);
        throw err;
      }
      if (!loaded || !writable) throw notLoaded();
    },
    async close() {
      if (timer) clearTimeout(timer);
      const wasStarted = state === 'started';
      state = 'closed';
      await ticking;
      await mutex.runExclusive(async () => {
        if (wasStarted) await clone.release();
      });
    },
  };
}

function isLocalPath(url: string): boolean {
  return url.startsWith('/') || url.startsWith('file://');
}

function localPath(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
}
