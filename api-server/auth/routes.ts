import { bearerToken } from '../http/authenticate';
import { ApiRoute, defineRoute, principalOf } from '../http/route';
import { CREATE_USER_PARAMS, DELETE_USER_PARAMS, LOGIN_PARAMS, NO_PARAMS, UPDATE_PASSWORD_PARAMS } from './params';
import type { Sessions } from './sessions';
import type { UserAdmin } from './users';

const SUCCESS = { result: 'SUCCESS' } as const;

/** `/v1/login`, `/v1/logout` and `/v1/users/*`, as in the original API (plus roles and logout). */
export function authRoutes(sessions: Sessions, users: UserAdmin): ApiRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/login',
      tag: 'auth',
      summary: 'Log in: a bearer token and its expiration',
      access: 'public',
      params: LOGIN_PARAMS,
      statuses: [401, 429],
      response: { description: 'Token for `Authorization: Bearer <token>`', schema: 'Session' },
      async handle(ctx, p) {
        ctx.body = await sessions.login(p.user, p.password, ctx.ip);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/logout',
      tag: 'auth',
      summary: 'Revoke the token of this request',
      access: 'user',
      params: NO_PARAMS,
      response: { description: 'Revoked', schema: 'Success' },
      async handle(ctx) {
        await sessions.logout(bearerToken(ctx.get('Authorization'))!);
        ctx.body = SUCCESS;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/users/create',
      tag: 'users',
      summary: 'Create a user (admins only)',
      access: 'admin',
      params: CREATE_USER_PARAMS,
      statuses: [409],
      response: { description: 'Created', schema: 'Success' },
      async handle(ctx, p) {
        await users.create(principalOf(ctx), p.user, p.password, p.role ?? 'user');
        ctx.body = SUCCESS;
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/users/update/password',
      tag: 'users',
      summary: "Change a password (admins: anyone's; users: their own). Revokes that user's other tokens.",
      access: 'user',
      params: UPDATE_PASSWORD_PARAMS,
      statuses: [404],
      response: { description: 'Changed', schema: 'Success' },
      async handle(ctx, p) {
        await users.updatePassword(principalOf(ctx), p.user, p.password, bearerToken(ctx.get('Authorization')));
        ctx.body = SUCCESS;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/users/list',
      tag: 'users',
      summary: 'List users (admins only)',
      access: 'admin',
      params: NO_PARAMS,
      response: { description: 'Users and their roles', schema: 'Users' },
      async handle(ctx) {
        ctx.body = await users.list(principalOf(ctx));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/users/delete',
      tag: 'users',
      summary: 'Delete a user and revoke their tokens (admins only; never the last admin)',
      access: 'admin',
      params: DELETE_USER_PARAMS,
      statuses: [404, 409],
      response: { description: 'Deleted', schema: 'Success' },
      async handle(ctx, p) {
        await users.delete(principalOf(ctx), p.user);
        ctx.body = SUCCESS;
      },
    }),
  ];
}
