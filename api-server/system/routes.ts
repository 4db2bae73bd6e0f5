import type { Logger } from 'pino';

import { failureBody } from '../http/error-handler';
import { ApiRoute, defineRoute } from '../http/route';
import type { Metrics } from './metrics';
import { checkReadiness, ReadinessCheck } from './readiness';

export interface SystemDeps {
  readonly metrics: Metrics;
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
  readonly readinessTimeoutMs: number;
  readonly log: Logger;
  /** The OpenAPI document, built once every route is known. */
  readonly openApi: () => object;
}

/** Probes, metrics and the API description: public, no token needed. */
export function systemRoutes(deps: SystemDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/healthz',
      tag: 'system',
      summary: 'Liveness: the process answers',
      access: 'public',
      response: { description: 'Alive', schema: 'Health' },
      handle(ctx) {
        ctx.body = { status: 'ok' };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/readyz',
      tag: 'system',
      summary: 'Readiness: the database and the Git remote answer',
      access: 'public',
      statuses: [503],
      response: { description: 'Ready; 503 names the failing checks', schema: 'Readiness' },
      async handle(ctx) {
        const { ready, checks } = await checkReadiness(deps.readiness, deps.readinessTimeoutMs);
        if (ready) {
          ctx.body = { status: 'ready', checks };
          return;
        }
        const failing = Object.entries(checks).filter(([, outcome]) => outcome !== 'ok');
        deps.log.warn({ checks }, 'not ready');
        ctx.status = 503;
        ctx.body = { ...failureBody('unavailable', failing.map(([name, why]) => `${name}: ${why}`).join('; ')), status: 'unavailable', checks };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/metrics',
      tag: 'system',
      summary: 'Prometheus metrics: requests, latency, Git changes, push retries, process',
      access: 'public',
      response: { description: 'Metrics', schema: 'Metrics', mediaType: 'text/plain' },
      async handle(ctx) {
        ctx.type = deps.metrics.registry.contentType;
        ctx.body = await deps.metrics.registry.metrics();
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/openapi.json',
      tag: 'system',
      summary: 'This API as an OpenAPI 3.1 document',
      access: 'public',
      response: { description: 'OpenAPI document', schema: 'OpenApi' },
      handle(ctx) {
        ctx.body = deps.openApi();
      },
    }),
  ];
}
