import { randomUUID } from 'node:crypto';

import type { Middleware } from 'koa';

import { InputError } from '../errors';
import type { AppContext, AppState } from './route';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** What a client may choose as its request id, in words (the answer to a malformed one). */
export const REQUEST_ID_RULE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..', not ending in '.' or '.lock'";

/**
 * The one rule for client-chosen request ids. The id goes into log lines, the commit trailer and —
 * lower-cased — the review branch name `dataroaster/review/<component>/<name>/<id>`, so it must be a
 * ref name component git accepts: git refuses `..` anywhere and a component ending in `.lock` or
 * `.` (git/refs.c check_refname_component and `git help check-ref-format`, git 2.39); the character
 * set already excludes the rest (control characters, space, `~^:?*[\`, `@{`).
 */
export function isValidRequestId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id) && !id.includes('..') && !/(\.|\.lock)$/i.test(id);
}

/**
 * Gives every request an id: the client's own `X-Request-Id` or `Idempotency-Key` (so a retried
 * request carries the same id into the commit trailer and review branch), else a random UUID.
 * Answered in the `X-Request-Id` header and in change bodies. A malformed client id is replaced by a
 * random one here (so even its error answer has an id) and refused by `refuseMalformedRequestId`.
 */
export function requestId(): Middleware<AppState> {
  return async function requestId(ctx, next) {
    const header = ctx.get(REQUEST_ID_HEADER) ? REQUEST_ID_HEADER : ctx.get(IDEMPOTENCY_HEADER) ? IDEMPOTENCY_HEADER : undefined;
    const offered = header && ctx.get(header);
    if (header && offered && !isValidRequestId(offered)) ctx.state.malformedRequestId = { header, value: offered };
    ctx.state.requestId = offered && isValidRequestId(offered) ? offered : randomUUID();
    ctx.set(REQUEST_ID_HEADER, ctx.state.requestId);
    await next();
  };
}

/**
 * After the error handler: a client that chose a malformed id gets a 400 rather than a change
 * recorded under another id (its retry would not be recognized) or a review branch git refuses.
 */
export function refuseMalformedRequestId(): Middleware<AppState> {
  return async function refuseMalformedRequestId(ctx, next) {
    const malformed = ctx.state.malformedRequestId;
    if (malformed) {
      const shown = JSON.stringify(malformed.value.length > 80 ? `${malformed.value.slice(0, 80)}…` : malformed.value);
      throw new InputError(`header ${malformed.header}: ${shown} is not a valid request id: ${REQUEST_ID_RULE}`);
    }
    await next();
  };
}

/** The id the request-id middleware gave this request. */
export function requestIdOf(ctx: AppContext): string {
  const id = ctx.state.requestId;
  if (id === undefined) throw new Error('the request-id middleware did not run');
  return id;
}
