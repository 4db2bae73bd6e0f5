import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { AppState } from './route';

/**
 * One log line per request: method, path (never the query string, which may carry parameters),
 * status, duration, the authenticated user and the request id. Headers and bodies are not logged.
 */
export function requestLog(log: Logger): Middleware<AppState> {
  return async function requestLog(ctx, next) {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10, user: ctx.state.principal?.name, requestId: ctx.state.requestId }, 'request');
    }
  };
}
