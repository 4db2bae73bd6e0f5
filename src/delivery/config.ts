import { join } from 'node:path';

import { z } from 'zod';

import { dataDirFromEnv } from '../core/data-dir';
import { RESERVED_NAMESPACES_VARIABLE, reservedNamespacesFromEnv, SERVER_NAMESPACE_VARIABLE } from '../core/reserved-namespaces';
import { DEFAULT_GITOPS_AGENT, GITOPS_AGENTS, GitOpsAgent } from '../gitops/bootstrap/options';
import type { ServerEnvName } from '../schema/server-env';
import { DeliveryConfigError } from './errors';

export type ReviewMode = 'direct' | 'pr';
export type ProviderKind = 'github' | 'gitlab' | 'gitea';

/** Where pull/merge requests are opened. */
export interface ProviderConfig {
  readonly kind: ProviderKind;
  /** API base URL, e.g. `https://api.github.com`, `https://gitlab.example.com`, `https://gitea.example.com`. */
  readonly url: string;
  readonly token: string;
  /** `owner/name` (GitHub, Gitea) or the project id or path (GitLab). */
  readonly repo: string;
}

export interface Identity {
  readonly name: string;
  readonly email: string;
}

/** Everything the delivery module needs to know; `deliveryConfigFromEnv` fills it from the environment. */
export interface DeliveryConfig {
  /** Holds the working clone (`gitops-clone/`) and, with no remote configured, the bare remote (`gitops.git`). */
  readonly dataDir: string;
  /** Remote of the GitOps repository (file://, http(s)://, ssh://, a path). @default - a bare repository in dataDir */
  readonly remoteUrl?: string;
  /** @default 'main' */
  readonly branch: string;
  /** Repository URL as the cluster's GitOps agent reaches it, written into the bootstrap. @default - remoteUrl without credentials */
  readonly clusterRepoUrl?: string;
  /** The service identity: committer of every commit. */
  readonly committer: Identity;
  /** Authors get `<user>@<authorDomain>`. */
  readonly authorDomain: string;
  /** Server-wide default; a request may ask for review itself. @default 'direct' */
  readonly review: ReviewMode;
  readonly provider?: ProviderConfig;
  /** Longest a local git command may run. @default 60000 */
  readonly timeoutMs: number;
  /**
   * Longest a git command that talks to the remote (fetch, push, ls-remote) may run; HTTP transfers
   * that stall for this long are aborted earlier by git itself. A change whose push hits it answers 504,
   * and later changes answer 503 at once until the remote answers again. @default 20000
   */
  readonly networkTimeoutMs?: number;
  /**
   * How often the server fetches, so the index follows commits of other writers (another server, a
   * review merged on the forge); every 5 s while the remote is down. 0 turns it off. @default 15000
   */
  readonly pollMs?: number;
  /** Pushes tried before giving up when other writers keep moving the branch. @default 8 */
  readonly pushAttempts: number;
  /** Secret with the repository's credentials for Flux's GitRepository. @default - none */
  readonly fluxSecretName?: string;
  /** The cluster's GitOps agent: only its bootstrap is written, and Helm releases are its objects. @default 'flux' */
  readonly gitopsAgent?: GitOpsAgent;
  /** Namespaces the Argo CD instance projects keep instances out of. @default - RESERVED_NAMESPACES + the server's */
  readonly reservedNamespaces?: readonly string[];
}

/** Defaults of the optional timing settings (the environment schema below uses the same values). */
export const DEFAULT_NETWORK_TIMEOUT_MS = 20000;
export const DEFAULT_POLL_MS = 15000;

const DEFAULT_PROVIDER_URL: Record<ProviderKind, string | undefined> = {
  github: 'https://api.github.com',
  gitlab: 'https://gitlab.com',
  gitea: undefined,
};

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const envSchema = z.object({
  DATAROASTER_DATA_DIR: z.string().min(1).optional(),
  DATAROASTER_GIT_URL: z.string().min(1).optional(),
  DATAROASTER_GIT_BRANCH: z
    .string()
    .regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name')
    .default('main'),
  DATAROASTER_GITOPS_REPO_URL: z.string().min(1).optional(),
  DATAROASTER_GIT_COMMITTER_NAME: z.string().min(1).default('DataRoaster'),
  DATAROASTER_GIT_COMMITTER_EMAIL: z.string().email().optional(),
  DATAROASTER_GIT_AUTHOR_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name')
    .default('dataroaster.local'),
  DATAROASTER_REVIEW: z.enum(['direct', 'pr']).default('direct'),
  DATAROASTER_GIT_PROVIDER: z.enum(['github', 'gitlab', 'gitea']).optional(),
  DATAROASTER_GIT_PROVIDER_URL: z.string().url().optional(),
  DATAROASTER_GIT_PROVIDER_TOKEN: z.string().min(1).optional(),
  DATAROASTER_GIT_REPO: z.string().min(1).optional(),
  DATAROASTER_GIT_TIMEOUT_MS: positiveInt(60000),
  DATAROASTER_GIT_NETWORK_TIMEOUT_MS: positiveInt(DEFAULT_NETWORK_TIMEOUT_MS),
  DATAROASTER_GIT_POLL_SECONDS: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(DEFAULT_POLL_MS / 1000),
  DATAROASTER_GIT_PUSH_ATTEMPTS: positiveInt(8),
  DATAROASTER_FLUX_SECRET: z.string().min(1).optional(),
  DATAROASTER_GITOPS_AGENT: z.enum(GITOPS_AGENTS as [GitOpsAgent, ...GitOpsAgent[]]).default(DEFAULT_GITOPS_AGENT),
  DATAROASTER_RESERVED_NAMESPACES: z.string().optional(),
  DATAROASTER_SERVER_NAMESPACE: z.string().min(1).optional(),
} satisfies Partial<Record<ServerEnvName, z.ZodType>>);

/**
 * Reads the delivery configuration from environment variables (the only place that does), failing
 * fast with every bad variable named. Values are never echoed back, since some are tokens.
 */
export function deliveryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new DeliveryConfigError(
      `invalid delivery configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  return {
    dataDir: dataDirFromEnv({ DATAROASTER_DATA_DIR: e.DATAROASTER_DATA_DIR, HOME: env.HOME }),
    remoteUrl: e.DATAROASTER_GIT_URL,
    branch: e.DATAROASTER_GIT_BRANCH,
    clusterRepoUrl: e.DATAROASTER_GITOPS_REPO_URL,
    committer: {
      name: e.DATAROASTER_GIT_COMMITTER_NAME,
      email: e.DATAROASTER_GIT_COMMITTER_EMAIL ?? `dataroaster@${e.DATAROASTER_GIT_AUTHOR_DOMAIN}`,
    },
    authorDomain: e.DATAROASTER_GIT_AUTHOR_DOMAIN,
    review: e.DATAROASTER_REVIEW,
    provider: providerFrom(e),
    timeoutMs: e.DATAROASTER_GIT_TIMEOUT_MS,
    networkTimeoutMs: e.DATAROASTER_GIT_NETWORK_TIMEOUT_MS,
    pollMs: e.DATAROASTER_GIT_POLL_SECONDS * 1000,
    pushAttempts: e.DATAROASTER_GIT_PUSH_ATTEMPTS,
    fluxSecretName: e.DATAROASTER_FLUX_SECRET,
    gitopsAgent: e.DATAROASTER_GITOPS_AGENT,
    reservedNamespaces: reservedNamespaces(e.DATAROASTER_RESERVED_NAMESPACES, e.DATAROASTER_SERVER_NAMESPACE),
  };
}

/** The API's reserved namespaces (replacing the defaults when set) plus the server's own, parsed as the API parses them. */
function reservedNamespaces(list: string | undefined, server: string | undefined): string[] | undefined {
  if (!list?.trim() && server === undefined) return undefined;
  try {
    return [...reservedNamespacesFromEnv({ [RESERVED_NAMESPACES_VARIABLE]: list, [SERVER_NAMESPACE_VARIABLE]: server })];
  } catch (err) {
    throw new DeliveryConfigError(`invalid delivery configuration: ${(err as Error).message}`);
  }
}

function providerFrom(e: z.infer<typeof envSchema>): ProviderConfig | undefined {
  const kind = e.DATAROASTER_GIT_PROVIDER;
  if (!kind) return undefined;
  const url = e.DATAROASTER_GIT_PROVIDER_URL ?? DEFAULT_PROVIDER_URL[kind];
  const missing = [
    ...(url ? [] : ['DATAROASTER_GIT_PROVIDER_URL']),
    ...(e.DATAROASTER_GIT_PROVIDER_TOKEN ? [] : ['DATAROASTER_GIT_PROVIDER_TOKEN']),
    ...(e.DATAROASTER_GIT_REPO ? [] : ['DATAROASTER_GIT_REPO']),
  ];
  if (missing.length) throw new DeliveryConfigError(`invalid delivery configuration: DATAROASTER_GIT_PROVIDER=${kind} needs ${missing.join(', ')}`);
  return { kind, url: url!.replace(/\/+$/, ''), token: e.DATAROASTER_GIT_PROVIDER_TOKEN!, repo: e.DATAROASTER_GIT_REPO! };
}

/** The working clone's folder. */
export function cloneDir(config: Pick<DeliveryConfig, 'dataDir'>): string {
  return join(config.dataDir, 'gitops-clone');
}

/** The bare repository used as the remote when none is configured. */
export function defaultRemoteDir(config: Pick<DeliveryConfig, 'dataDir'>): string {
  return join(config.dataDir, 'gitops.git');
}
