/**
 * Removes credentials from every URL in `text`: `https://user:token@host` → `https://***@host`,
 * `ssh://git:pw@host` → `ssh://git:***@host`. Used on everything that reaches a log, an error message
 * or the GitOps repository (the bootstrap's repoURL).
 */
export function redactUrls(text: string): string {
  return text.replace(/\b(https?:\/\/)[^/@\s]+@/gi, '$1***@').replace(/\b([a-z][a-z0-9+.-]*:\/\/[^/:@\s]+):[^/@\s]+@/gi, '$1:***@');
}

/** A remote URL with no credentials at all, as written into the GitOps repository for the cluster to read. */
export function withoutCredentials(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@]+@/i, '$1').replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]+):[^/@]+@/i, '$1@');
}

/**
 * The URL the cluster's agent should use, from the service's remote: credentials removed, and the
 * scp-like `git@host:path` form rewritten as `ssh://git@host/path` (Flux accepts only URL forms).
 */
export function clusterRepoUrl(remoteUrl: string): string {
  const scp = /^([^@/:]+)@([^:/]+):(?!\/\/)(.+)$/.exec(remoteUrl);
  return scp ? `ssh://${scp[1]}@${scp[2]}/${scp[3]}` : withoutCredentials(remoteUrl);
}
