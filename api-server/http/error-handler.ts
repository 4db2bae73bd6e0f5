import type { Middleware } from 'koa';

import { codeForStatus, toHttp } from '../errors';

/** The body of every failed request. */
export interface FailureBody {
  readonly result: 'FAILURE';
  readonly error: { readonly code: string; readonly message: string };
}

export function failureBody(code: string, message: string): FailureBody {
  return { result: 'FAILURE', error: { code, message } };
}

/**
 * First middleware: turns thrown errors into the JSON failure body and gives bodiless 4xx answers
 * (no route matched, method not allowed) the same shape. Messages of unexpected errors are hidden;
 * only those are emitted for logging.
 */
export function errorHandler(): Middleware {
  return async function errorHandler(ctx, next) {
    try {
      await next();
      if (ctx.body == null && ctx.status >= 400) {
        // Koa turns an implicit 404 into 200 once a body is set, unless the status is set explicitly.
        ctx.status = ctx.status; // eslint-disable-line no-self-assign -- the setter marks the status explicit
        ctx.body = failureBody(codeForStatus(ctx.status), bodilessMessage(ctx.status, ctx.method, ctx.path, ctx.response.get('Allow')));
      }
    } catch (err) {
      const failure = toHttp(err);
      ctx.status = failure.status;
      ctx.set(failure.headers);
      ctx.body = failureBody(failure.code, failure.message);
      if (failure.status >= 500) ctx.app.emit('error', err, ctx);
    }
  };
}

function bodilessMessage(status: number, method: string, path: string, allow: string): string {
  if (status === 404) return `no endpoint ${method} ${path}`;
  if (status === 405) return `method ${method} is not allowed on ${path} (allowed: ${allow})`;
  if (status === 501) return `method ${method} is not implemented`;
  return `request failed with status ${status}`;
}
