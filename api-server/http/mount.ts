import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { Sessions } from '../auth/sessions';
import { authenticate, requireRole } from './authenticate';
import { readParams } from './params';
import type { ApiRoute, AppState } from './route';

/**
 * A router serving `routes`: authentication and the role check (before any parameter is looked at,
 * so an unauthorized caller learns nothing from validation errors), then parameters, then the handler.
 */
export function mountRoutes(routes: readonly ApiRoute[], sessions: Sessions): Router<AppState> {
  const router = new Router<AppState>();
  for (const route of routes) {
    const guards: Middleware<AppState>[] =
      route.access === 'public' ? [] : [authenticate(sessions), requireRole(route.access, `${route.method} ${route.path}`)];
    const handler: Middleware<AppState> = async function handleRoute(ctx) {
      const params = route.params ? readParams(ctx, route.params) : {};
      await route.handle(ctx, params);
    };
    router.register(route.path, [route.method], [...guards, handler]);
  }
  return router;
}
