import type { Middleware } from 'koa';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server (own registry, so several apps in one process do not collide). */
export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  /** Changes delivered to Git, by component, operation and outcome (committed, proposed, unchanged, dry-run). */
  readonly commits: Counter<'component' | 'operation' | 'status'>;
  /** Pushes retried after the remote moved on (non-fast-forward). */
  readonly pushRetries: Counter;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  return {
    registry,
    requests: new Counter({ name: 'dataroaster_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] }),
    requestSeconds: new Histogram({
      name: 'dataroaster_http_request_duration_seconds',
      help: 'Time to answer HTTP requests',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    commits: new Counter({
      name: 'dataroaster_changes_total',
      help: 'Component changes delivered to the GitOps repository',
      labelNames: ['component', 'operation', 'status'] as const,
      registers: [registry],
    }),
    pushRetries: new Counter({
      name: 'dataroaster_git_push_retries_total',
      help: 'Git pushes retried after a non-fast-forward',
      registers: [registry],
    }),
  };
}

/**
 * Counts and times every request, labelled by the route pattern (not the raw URL, which would let
 * callers create unbounded label values).
 */
export function observeRequests(metrics: Metrics): Middleware {
  return async function observeRequests(ctx, next) {
    const stop = metrics.requestSeconds.startTimer();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const labels = { method: ctx.method, route: typeof matched === 'string' ? matched : 'unmatched', status: String(ctx.status) };
      stop(labels);
      metrics.requests.inc(labels);
    }
  };
}
