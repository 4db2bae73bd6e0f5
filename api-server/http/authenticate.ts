import type { Middleware } from 'koa';

import type { Role } from '../auth/roles';
import { hasRole } from '../auth/roles';
import type { Sessions } from '../auth/sessions';
import { AuthenticationError, NotAllowedError } from '../errors';
import type { AppState } from './route';

/** The token of an `Authorization: Bearer <token>` header; any other scheme is refused. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  if (!match) throw new AuthenticationError('malformed Authorization header: expected "Bearer <token>"');
  return match[1];
}

/** Sets `ctx.state.principal` from the bearer token, or answers 401. */
export function authenticate(sessions: Sessions): Middleware<AppState> {
  return async function authenticate(ctx, next) {
    ctx.state.principal = await sessions.authenticate(bearerToken(ctx.get('Authorization') || undefined));
    await next();
  };
}

/** Answers 403 unless the authenticated caller has at least `role`. */
export function requireRole(role: Role, what: string): Middleware<AppState> {
  return async function requireRole(ctx, next) {
    const principal = ctx.state.principal;
    if (!principal || !hasRole(principal.role, role)) {
      throw new NotAllowedError(`user [${principal?.name ?? ''}] is not allowed to ${what} (needs role ${role})`);
    }
    await next();
  };
}
