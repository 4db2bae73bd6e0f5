import type { Identity } from './config';

/** The requesting user as commit author: their name, and `<local-part>@<domain>` from the configured domain. */
export function authorOf(user: string, domain: string): Identity {
  const name = user.replace(/[<>\n\r]/g, '').trim() || 'unknown';
  const local = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'unknown';
  return { name, email: `${local}@${domain}` };
}

/** Environment that makes git record `author` as author and `committer` as committer. */
export function identityEnv(author: Identity, committer: Identity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}
