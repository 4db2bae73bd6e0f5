import { ReviewProviderError } from '../errors';
import type { Fetch } from './provider';

/**
 * One JSON request to a forge's REST API. A non-2xx answer or a network failure becomes a
 * ReviewProviderError with the forge's own message; the token (in `headers`) never appears in it.
 */
export async function requestJson<T>(fetchFn: Fetch, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method,
      headers: { Accept: 'application/json', ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30000),
    });
  } catch (err) {
    throw new ReviewProviderError(`${method} ${url}: ${(err as Error).message}`, undefined, { cause: err });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ReviewProviderError(`${method} ${url}: HTTP ${response.status}: ${describe(text)}`, response.status);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

function describe(text: string): string {
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = json.message ?? json.error;
    if (message !== undefined) return typeof message === 'string' ? message : JSON.stringify(message);
  } catch {
    // not JSON
  }
  return text.slice(0, 500) || 'no body';
}

/** Most pages read of one listing (100 items each): a bound, so a misbehaving forge cannot loop us forever. */
const MAX_PAGES = 50;

/**
 * Every item of a paged listing: asks `page=1, 2, …` (`pageUrl(n)`) until a page has fewer than `perPage`
 * items. GitHub, GitLab and Gitea all page this way (and cap `per_page`/`limit` at 100 or less).
 */
export async function readAllPages<T>(perPage: number, readPage: (page: number) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const items = await readPage(page);
    all.push(...items);
    if (items.length < perPage) break;
  }
  return all;
}
