import type { Middleware } from 'koa';
import type { Logger } from 'pino';

import type { AppState } from './route';

/** Probes a kubelet or Prometheus calls every few seconds: logged at debug, so info shows what users did. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One log line per request: method, path (never the query string, which may carry parameters),
 * status, duration, the authenticated user, the request id and, for a failure, its error code.
 * Headers and bodies are not logged.
 */
export function requestLog(log: Logger): Middleware<AppState> {
  return async function requestLog(ctx, next) {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const code = ctx.status >= 400 ? (ctx.body as { error?: { code?: unknown } } | undefined)?.error?.code : undefined;
      const level = PROBE_PATHS.has(ctx.path) && ctx.status < 400 ? 'debug' : ctx.status >= 500 ? 'error' : 'info';
      log[level](
        {
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Math.round(ms * 10) / 10,
          user: ctx.state.principal?.name,
          requestId: ctx.state.requestId,
          ...(typeof code === 'string' ? { code } : {}),
        },
        'request',
      );
    }
  };
}
