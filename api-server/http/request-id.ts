import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppContext, AppState } from './route';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What a client may choose as its request id: short and safe in a log line, a commit trailer and a branch name. */
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Gives every request an id: the client's own `X-Request-Id` or `Idempotency-Key` when it is a
 * well-formed one (so a retried request carries the same id into the commit trailer and review
 * branch), else a random UUID. Answered in the `X-Request-Id` header and in change bodies.
 */
export function requestId(): Middleware<AppState> {
  return async function requestId(ctx, next) {
    const offered = ctx.get(REQUEST_ID_HEADER) || ctx.get('Idempotency-Key');
    ctx.state.requestId = CLIENT_ID.test(offered) ? offered : randomUUID();
    ctx.set(REQUEST_ID_HEADER, ctx.state.requestId);
    await next();
  };
}

/** The id the request-id middleware gave this request. */
export function requestIdOf(ctx: AppContext): string {
  const id = ctx.state.requestId;
  if (id === undefined) throw new Error('the request-id middleware did not run');
  return id;
}
