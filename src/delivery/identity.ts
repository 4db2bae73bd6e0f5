import type { DeliveryConfig, Identity } from './config';

/** The requesting user as commit author: their name, and `<local-part>@<domain>` from the configured domain. */
export function authorOf(user: string, domain: string): Identity {
  const name = user.replace(/[<>\n\r]/g, '').trim() || 'unknown';
  const local =
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'unknown';
  return { name, email: `${local}@${domain}` };
}

/** Author (the requesting user) and committer (the service) of a commit. */
export function identityOf(user: string, config: Pick<DeliveryConfig, 'authorDomain' | 'committer'>): { author: Identity; committer: Identity } {
  return { author: authorOf(user, config.authorDomain), committer: config.committer };
}
