import { z } from 'zod';

import type { Registry } from '../../src/core/component';
import { base64Text, flag, positiveInteger, resourceName } from '../../src/schema/api-params';
import type { Role } from '../auth/roles';
import { InputError } from '../errors';
import { requestIdOf } from '../http/request-id';
import { ApiRoute, AppContext, defineRoute, principalOf } from '../http/route';
import type { Metrics } from '../system/metrics';
import { readDocument } from './document';
import { ComponentEndpoint, componentEndpoints } from './endpoints';
import type { ChangeOptions, ChangeResult, ComponentService } from './types';

export interface ComponentRouteDeps {
  readonly service: ComponentService;
  /** Least role per endpoint name; `user` when unlisted. */
  readonly roles: Readonly<Record<string, Role>>;
  readonly metrics: Metrics;
  /** The components whose endpoints are served. */
  readonly registry: Registry;
}

const changeFlags = {
  dry_run: flag().optional().describe('Answer with the diff; commit nothing. @default false'),
  review: flag().optional().describe('Propose the change as a pull request instead of committing to the branch. @default server setting'),
};

/** `POST /v1/<c>/create`, `GET /v1/<c>/list`, `DELETE /v1/<c>/delete` for every component endpoint. */
export function componentRoutes(deps: ComponentRouteDeps): ApiRoute[] {
  return componentEndpoints(deps.registry).flatMap((endpoint) => endpointRoutes(endpoint, deps));
}

function endpointRoutes(endpoint: ComponentEndpoint, { service, roles, metrics, registry }: ComponentRouteDeps): ApiRoute[] {
  const access = roles[endpoint.name] ?? 'user';
  const base = `/v1/${endpoint.name}`;
  const optionsOf = (ctx: AppContext, p: { dry_run?: boolean; review?: boolean; force?: boolean }): ChangeOptions => ({
    dryRun: p.dry_run ?? false,
    review: p.review,
    requestId: requestIdOf(ctx),
    ...(p.force === undefined ? {} : { force: p.force }),
  });
  const answer = (ctx: AppContext, operation: string, result: ChangeResult) => {
    metrics.commits.inc({ component: endpoint.component, operation, status: result.status });
    return { result: 'SUCCESS', requestId: requestIdOf(ctx), ...result };
  };
  const accepted = endpoint.accepts.map((t) => `${t.apiVersion} ${t.kind}`).join(' or ');

  return [
    defineRoute({
      method: 'POST',
      path: `${base}/create`,
      tag: endpoint.name,
      summary: `Create or update a ${endpoint.title}: synthesize its manifests and commit them to the GitOps repository`,
      access,
      params: z.strictObject({
        yaml: base64Text().describe(`Base64 of one YAML document: ${accepted}.`),
        ...endpoint.params,
        ...changeFlags,
      }),
      statuses: [409, 502, 503],
      response: { description: 'What was committed (or proposed, or would change on a dry run)', schema: 'Change' },
      async handle(ctx, p) {
        const document = readDocument(registry, endpoint, p.yaml);
        const result = await service.create({ endpoint, document, params: legacyParams(endpoint, p) }, principalOf(ctx), optionsOf(ctx, p));
        ctx.body = answer(ctx, 'create', result);
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${base}/list`,
      tag: endpoint.name,
      summary: `List ${endpoint.title} instances in the GitOps repository`,
      access,
      params: z.strictObject({
        limit: positiveInteger().optional().describe('Answer at most this many instances, as { items, continue }. @default all, as a plain array'),
        continue: z.string().min(1).max(512).optional().describe('The continue token of the previous page.'),
      }),
      statuses: [503],
      response: { description: 'Instances with their last commit and pending pull request (with limit: one page of them)', schema: 'Instances' },
      async handle(ctx, p) {
        if (p.continue !== undefined && p.limit === undefined) throw new InputError("continue: only with 'limit'");
        if (p.limit === undefined && service.listJson) {
          ctx.type = 'application/json';
          ctx.body = await service.listJson(endpoint);
          return;
        }
        ctx.body =
          p.limit === undefined ? await service.list(endpoint) : await service.listPage(endpoint, { limit: Number(p.limit), continue: p.continue });
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${base}/delete`,
      tag: endpoint.name,
      summary: `Delete a ${endpoint.title}: remove its folder from the GitOps repository`,
      access,
      params: z.strictObject({
        name: resourceName().optional().describe('Instance to delete; may be omitted when there is exactly one.'),
        force: flag()
          .optional()
          .describe("Also drop the references other instances hold to it (a Trino gateway's backends) instead of answering 409. @default false"),
        ...changeFlags,
      }),
      statuses: [404, 409, 502, 503],
      response: { description: 'What was committed (or proposed, or would change on a dry run)', schema: 'Change' },
      async handle(ctx, p) {
        ctx.body = answer(ctx, 'delete', await service.remove(endpoint, p.name, principalOf(ctx), optionsOf(ctx, p)));
      },
    }),
  ];
}

/** The endpoint's own parameters (validated strings), for the legacy mapping of the original inputs. */
function legacyParams(endpoint: ComponentEndpoint, params: Readonly<Record<string, unknown>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(endpoint.params)) {
    const value = params[key];
    if (typeof value === 'string') picked[key] = value;
  }
  return picked;
}
