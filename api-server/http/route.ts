import type { ParameterizedContext } from 'koa';
import type { z } from 'zod';

import type { Role } from '../auth/roles';
import type { Principal } from '../auth/sessions';

/** What the authentication middleware leaves for handlers. */
export interface AppState {
  principal?: Principal;
  /** Set first, by the request-id middleware. */
  requestId?: string;
  /** A client-chosen id that broke the rule (`request-id.ts`): refused after the error handler is in place. */
  malformedRequestId?: { readonly header: string; readonly value: string };
}

export type AppContext = ParameterizedContext<AppState>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Response of a route for the OpenAPI document: a schema name from `system/openapi-schemas.ts`. */
export interface ResponseDoc {
  readonly description: string;
  readonly schema: string;
  /** @default 'application/json' */
  readonly mediaType?: string;
}

/**
 * One endpoint: the router mounts it and the OpenAPI document describes it, from this one
 * definition, so the two cannot drift apart.
 */
export interface ApiRoute<S extends z.ZodObject = z.ZodObject> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  /** `public`, or the least role the caller needs. */
  readonly access: 'public' | Role;
  /** Form or JSON body fields (also accepted in the query string). */
  readonly params?: S;
  readonly response: ResponseDoc;
  readonly statuses?: readonly number[];
  handle(ctx: AppContext, params: z.output<S>): void | Promise<void>;
}

/** Infers a route's parameter type from its schema. */
export function defineRoute<S extends z.ZodObject>(route: ApiRoute<S>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** The caller of an authenticated route (set by the authentication middleware). */
export function principalOf(ctx: AppContext): Principal {
  const principal = ctx.state.principal;
  if (!principal) throw new Error('route needs authentication but none ran');
  return principal;
}
