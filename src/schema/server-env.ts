/**
 * The environment of the API server process: every variable it reads, by name, in one place. The readers
 * (api-server/config.ts, src/delivery/config.ts, src/secrets/sealing-keys.ts) and the DataRoasterServer construct,
 * which sets them in the server's pod, take their names from here, so a renamed or added variable is one edit
 * and a misspelt one does not compile. Add a variable here first, then read it where it is used.
 */
export const SERVER_ENV = {
  // HTTP server and users (api-server/config.ts)
  PORT: 'port the API listens on',
  HOST: 'address the API listens on',
  DATAROASTER_DATA_DIR: 'data directory: SQLite file, sealing keys, working clone, default bare remote',
  DATAROASTER_ADMIN_PASSWORD: 'password of admin on the first start',
  DATAROASTER_TOKEN_TTL: 'token lifetime',
  DATAROASTER_BODY_LIMIT: 'largest request body',
  DATAROASTER_BCRYPT_COST: 'bcrypt cost of password hashes',
  DATAROASTER_LOGIN_MAX_FAILURES: 'failed logins per user name within the window',
  DATAROASTER_LOGIN_MAX_FAILURES_PER_ADDRESS: 'failed logins per client address within the window',
  DATAROASTER_LOGIN_WINDOW: 'login throttling window',
  DATAROASTER_COMPONENT_ROLES: 'role each component endpoint needs',
  DATAROASTER_TRUST_PROXY: 'take the client address from X-Forwarded-For',
  DATAROASTER_LOG_LEVEL: 'pino log level',
  DATAROASTER_SHUTDOWN_TIMEOUT: 'how long SIGTERM waits for in-flight requests',
  DATAROASTER_HEADERS_TIMEOUT: 'longest a client may take to send its headers',
  DATAROASTER_REQUEST_TIMEOUT: 'longest a client may take to send its request',
  DATAROASTER_LOGIN_DELAY: 'first login delay after too many failures',
  DATAROASTER_PASSWORD_THREADS: 'threads hashing passwords',
  DATAROASTER_PASSWORD_QUEUE: 'password hashes waiting for a thread',
  DATAROASTER_DATABASE_URL: 'PostgreSQL URL (unset: the SQLite file)',
  DATAROASTER_DATABASE_PASSWORD_FILE: 'file holding the PostgreSQL password',
  // Git delivery (src/delivery/config.ts)
  DATAROASTER_GIT_URL: 'remote of the GitOps repository',
  DATAROASTER_GIT_BRANCH: 'branch the GitOps agents follow',
  DATAROASTER_GITOPS_REPO_URL: 'repository URL as the cluster reaches it',
  DATAROASTER_GIT_COMMITTER_NAME: 'committer name',
  DATAROASTER_GIT_COMMITTER_EMAIL: 'committer email',
  DATAROASTER_GIT_AUTHOR_DOMAIN: 'domain of author emails',
  DATAROASTER_REVIEW: 'direct or pr',
  DATAROASTER_GIT_PROVIDER: 'github, gitlab or gitea',
  DATAROASTER_GIT_PROVIDER_URL: 'API base URL of the provider',
  DATAROASTER_GIT_PROVIDER_TOKEN: 'API token of the provider',
  DATAROASTER_GIT_REPO: 'repository at the provider',
  DATAROASTER_GIT_TIMEOUT_MS: 'longest a git command may run',
  DATAROASTER_GIT_PUSH_ATTEMPTS: 'pushes tried while other writers move the branch',
  DATAROASTER_GIT_NETWORK_TIMEOUT_MS: 'longest a fetch/push/ls-remote may go without progress',
  DATAROASTER_GIT_POLL_SECONDS: 'how often the server fetches to follow other writers',
  DATAROASTER_FLUX_SECRET: 'Secret with repository credentials for Flux',
  DATAROASTER_GITOPS_AGENT: 'flux or argocd: the agent the bootstrap and Helm releases are written for (the CLI reads it too)',
  DATAROASTER_RESERVED_NAMESPACES: 'namespaces instances may not use',
  DATAROASTER_SERVER_NAMESPACE: "the API server's own namespace",
  // Sealing (src/secrets/sealing-keys.ts; the CLI reads these two as well)
  DATAROASTER_SEALED_SECRETS_CERT: "path of the sealed-secrets controller's certificate",
  DATAROASTER_SEALED_SECRETS_HASH_KEY: 'path of the key of the hashes kept beside sealed values',
  DATAROASTER_SEALED_SECRETS_CONTROLLER: 'namespace/service of the controller the certificate is read from',
} as const;

/** The name of a variable the API server process reads. */
export type ServerEnvName = keyof typeof SERVER_ENV;

/** The process environment as the server's readers take it. */
export type ServerEnv = Readonly<Partial<Record<ServerEnvName, string>>> & Readonly<Record<string, string | undefined>>;
