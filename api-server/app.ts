import Koa from 'koa';
import helmet from 'koa-helmet';
import type { Logger } from 'pino';

import { REGISTRY } from '../src/components/registry';
import type { Registry } from '../src/core/component';
import type { Role } from './auth/roles';
import { authRoutes } from './auth/routes';
import type { Sessions } from './auth/sessions';
import type { UserAdmin } from './auth/users';
import { componentRoutes } from './components/routes';
import { trinoGatewayRoutes } from './components/trino-gateway-routes';
import type { ComponentService } from './components/types';
import { parseBody } from './http/body-parser';
import { errorHandler } from './http/error-handler';
import { mountRoutes } from './http/mount';
import { refuseMalformedRequestId, requestId } from './http/request-id';
import { requestLog } from './http/request-log';
import type { ApiRoute, AppState } from './http/route';
import { Metrics, observeRequests } from './system/metrics';
import { openApiDocument } from './system/openapi';
import type { ReadinessCheck } from './system/readiness';
import { systemRoutes } from './system/routes';

export interface AppDeps {
  readonly sessions: Sessions;
  readonly userAdmin: UserAdmin;
  readonly components: ComponentService;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** Named dependency checks for `/readyz` (database, Git remote). */
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
  readonly bodyLimitBytes: number;
  readonly componentRoles: Readonly<Record<string, Role>>;
  /** Proxies in front of the server whose `X-Forwarded-For` entries count (see ServerConfig). */
  readonly trustedProxyHops: number;
  readonly version: string;
  /** The components whose endpoints are served. @default REGISTRY */
  readonly registry?: Registry;
  /** @default 5000 */
  readonly readinessTimeoutMs?: number;
}

export interface App {
  readonly koa: Koa<AppState>;
  /** Every route the app serves, as the OpenAPI document describes them. */
  readonly routes: readonly ApiRoute[];
}

/** Wires the Koa app: middleware order, routes of every feature, the OpenAPI document. */
export function createApp(deps: AppDeps): App {
  // Koa takes `ctx.ip` as the left-most of the last `maxIpsCount` X-Forwarded-For entries: the address the
  // outermost trusted proxy saw, whatever the client put further left.
  const koa = new Koa<AppState>({ proxy: deps.trustedProxyHops > 0, maxIpsCount: deps.trustedProxyHops });
  let openApi: object | undefined;
  const routes: ApiRoute[] = [
    ...systemRoutes({
      metrics: deps.metrics,
      readiness: deps.readiness,
      readinessTimeoutMs: deps.readinessTimeoutMs ?? 5000,
      log: deps.log,
      openApi: () => (openApi ??= openApiDocument(routes, deps.version)),
    }),
    ...authRoutes(deps.sessions, deps.userAdmin),
    ...componentRoutes({ service: deps.components, roles: deps.componentRoles, metrics: deps.metrics, registry: deps.registry ?? REGISTRY }),
    ...trinoGatewayRoutes({ service: deps.components, roles: deps.componentRoles, metrics: deps.metrics, registry: deps.registry ?? REGISTRY }),
  ];
  const router = mountRoutes(routes, deps.sessions);

  koa.use(requestId());
  koa.use(observeRequests(deps.metrics));
  koa.use(requestLog(deps.log));
  koa.use(errorHandler());
  koa.use(helmet());
  koa.use(refuseMalformedRequestId());
  for (const middleware of parseBody(deps.bodyLimitBytes)) koa.use(middleware);
  koa.use(router.routes());
  koa.use(router.allowedMethods());
  koa.on('error', (err: Error, ctx?: { body?: { error?: { code?: string } }; state?: AppState }) =>
    deps.log.error({ err, code: ctx?.body?.error?.code ?? (err as NodeJS.ErrnoException).code, requestId: ctx?.state?.requestId }, 'request failed'),
  );
  return { koa, routes };
}
