import { resolve } from 'node:path';
import { Mutex } from 'async-mutex';
import type { Registry } from '../core/component';
import { REGISTRY } from '../components/registry';
import type { SecretPolicy } from '../secrets/policy';
import { version as packageVersion } from '../../package.json';
import { Change } from './change';
import { WorkingClone } from './clone';
import { cloneDir, DeliveryConfig, defaultRemoteDir } from './config';
import { DeliveryContext, DeliveryEvents, DeliveryLogger, silentLogger } from './context';
import { DirectWriter } from './direct-writer';
import { DeliveryError } from './errors';
import { createGit } from './git';
import { ensureBareRepository, initialize } from './initialize';
import { listInstances } from './inventory';
import { lsRemote } from './ls-remote';
import { previewChange } from './preview';
import { createProvider, Fetch, ReviewProvider } from './providers';
import { clusterRepoUrl, redactUrls } from './redact';
import { pendingChanges } from './review-branches';
import { submitForReview } from './review-writer';
import type { ApplyChange, DeliveryResult, ListedInstance, PendingChange, Preview, RemoveChange } from './types';

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

/** Turns "this spec changed, requested by user U" into Git history Argo CD or Flux applies. */
export interface Delivery {
  /** Opens (or creates) the working clone, recovers from a crash, initializes an empty remote. */
  start(): Promise<void>;
  /** Creates or updates an instance: one commit, acknowledged once pushed (or a review branch + PR). */
  apply(change: ApplyChange): Promise<DeliveryResult>;
  /** Deletes an instance: its folder and bootstrap entries in one commit (or a review branch + PR). */
  remove(change: RemoveChange): Promise<DeliveryResult>;
  /** Dry run: files and unified diff against the branch tip; nothing committed. */
  preview(change: ApplyChange | RemoveChange): Promise<Preview>;
  /** Every instance in the repository, with its last commit and pending review. */
  list(): Promise<ListedInstance[]>;
  /** Changes waiting in review branches. */
  pending(): Promise<PendingChange[]>;
  /**
   * Readiness: resolves when the remote answers `git ls-remote` within `timeoutMs`, else throws a typed
   * error (GitRemoteError, GitAuthError). Does not wait for changes in flight.
   */
  checkRemote(timeoutMs: number): Promise<void>;
  /** Waits for work in flight and releases the working clone. */
  close(): Promise<void>;
}

export function createDelivery(options: DeliveryOptions): Delivery {
  const { config } = options;
  const remoteUrl = config.remoteUrl ?? resolve(defaultRemoteDir(config));
  const dir = resolve(cloneDir(config));
  const clone = new WorkingClone(dir, remoteUrl, config.branch, createGit({ dir, timeoutMs: config.timeoutMs }));
  const provider = options.provider ?? (config.provider ? createProvider(config.provider, options.fetch) : undefined);
  const ctx: DeliveryContext = {
    config,
    clone,
    registry: options.registry ?? REGISTRY,
    secrets: options.secrets,
    bootstrap: {
      repoUrl: config.clusterRepoUrl ?? clusterRepoUrl(remoteUrl),
      branch: config.branch,
      fluxSecretName: config.fluxSecretName,
      agent: config.gitopsAgent,
      reservedNamespaces: config.reservedNamespaces,
    },
    version: options.version ?? packageVersion,
    log: options.log ?? silentLogger,
    provider,
    events: options.events ?? {},
  };
  const mutex = new Mutex();
  const direct = new DirectWriter(ctx, mutex);
  let state: 'new' | 'started' | 'closed' = 'new';

  const ready = () => {
    if (state !== 'started') throw new DeliveryError(state === 'new' ? 'delivery not started: call start() first' : 'delivery is closed');
  };
  const submit = async (change: Change): Promise<DeliveryResult> => {
    ready();
    return change.review ?? config.review === 'pr' ? mutex.runExclusive(() => submitForReview(ctx, change)) : direct.submit(change);
  };
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    ready();
    return mutex.runExclusive(work);
  };

  return {
    start: () =>
      mutex.runExclusive(async () => {
        if (state === 'started') return;
        if (config.remoteUrl === undefined) await ensureBareRepository(remoteUrl, config.branch, config.timeoutMs);
        await clone.open();
        try {
          await initialize(ctx);
        } catch (err) {
          clone.release();
          throw err;
        }
        state = 'started';
        if (!/^(https?|ssh):\/\//.test(ctx.bootstrap.repoUrl)) {
          ctx.log.warn({ repoUrl: ctx.bootstrap.repoUrl }, 'the bootstrap points agents at a URL a cluster cannot clone; set DATAROASTER_GITOPS_REPO_URL');
        }
        ctx.log.info({ remote: redactUrls(remoteUrl), branch: config.branch, clone: dir }, 'GitOps delivery ready');
      }),
    apply: submit,
    remove: submit,
    preview: (change) => exclusive(() => previewChange(ctx, change)),
    list: () => exclusive(() => listInstances(ctx)),
    pending: () => exclusive(async () => (await ctx.clone.sync(), (await pendingChanges(ctx)).map(({ folder: _folder, ...p }) => p))),
    checkRemote: async (timeoutMs) => {
      ready();
      await lsRemote(dir, config.branch, timeoutMs);
    },
    close: () =>
      mutex.runExclusive(async () => {
        if (state === 'started') clone.release();
        state = 'closed';
      }),
  };
}
