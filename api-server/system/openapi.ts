import { z } from 'zod';

import type { ApiRoute } from '../http/route';
import { SCHEMAS } from './openapi-schemas';

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid input: the message names the parameter or field',
  401: 'Missing, unknown or expired token, or wrong credentials',
  403: 'The caller’s role does not allow this',
  404: 'No such instance or user',
  409: 'Conflict (name taken, last admin, concurrent change)',
  413: 'Request body larger than the configured limit',
  415: 'Body is neither form fields nor JSON',
  429: 'Too many failed logins; see Retry-After',
  405: 'Method not allowed on this path; the Allow header lists the ones that are',
  502: 'The Git remote refused or failed',
  503: 'A dependency is unavailable',
};

/**
 * The OpenAPI 3.1 document of `routes`, generated from the same definitions the router mounts: a
 * parameter added to a route's schema (pagination, `force`, …) is documented without touching this file.
 */
export function openApiDocument(routes: readonly ApiRoute[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  const ids = new Set<string>();
  for (const route of routes) {
    const id = operationId(route);
    if (ids.has(id)) throw new Error(`two routes would have the operationId "${id}"`);
    ids.add(id);
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(route, id);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DataRoaster API',
      version,
      description:
        'Compatible with the v1 API of the original DataRoaster: parameters as form fields (or JSON), `yaml` and S3 keys base64-encoded, `Authorization: Bearer <token>` from POST /v1/login.',
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    },
    // Relative: the document is served by the server it describes, whatever host and port it listens on.
    servers: [{ url: '/', description: 'The DataRoaster server that serves this document (`npm start`: http://127.0.0.1:8089)' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: SCHEMAS,
    },
    paths,
  };
}

/**
 * Name of an operation for generated clients, from its path: `/v1/trino/create` → `trinoCreate`,
 * `/v1/users/update/password` → `usersUpdatePassword`, `/healthz` → `healthz`.
 */
export function operationId(route: Pick<ApiRoute, 'path'>): string {
  const words = route.path
    .split('/')
    .filter((segment) => segment && segment !== 'v1')
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return words.map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase())).join('');
}

/** GET answers take their parameters in the query string; the other methods as a form or JSON body. */
const QUERY_METHODS = new Set(['GET']);

function operation(route: ApiRoute, id: string): object {
  const statuses = new Set<number>(route.statuses ?? []);
  if (route.params) statuses.add(400).add(413).add(415);
  if (route.access !== 'public') statuses.add(401).add(403);
  statuses.add(405);
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const responses: Record<string, object> = {
    200: {
      description: route.response.description,
      content: { [route.response.mediaType ?? 'application/json']: { schema: ref(route.response.schema) } },
    },
  };
  for (const status of [...statuses].sort()) {
    // 405 comes from the router before any handler runs: its body is not ours to describe.
    const content = status === 405 ? {} : { content: { 'application/json': { schema: ref('Failure') } } };
    responses[String(status)] = { description: ERROR_DESCRIPTIONS[status] ?? 'Failure', ...content };
  }
  const body = route.params && (stripDialect(z.toJSONSchema(route.params, { io: 'input', unrepresentable: 'any' })) as JsonObjectSchema);
  const hasParams = body !== undefined && Object.keys(route.params!.shape).length > 0;
  const inQuery = QUERY_METHODS.has(route.method);
  return {
    operationId: id,
    tags: [route.tag],
    summary: route.summary,
    ...(route.access === 'public' ? { security: [] } : { security: [{ bearer: [] }], 'x-required-role': route.access }),
    ...(hasParams && inQuery ? { parameters: queryParameters(body) } : {}),
    ...(hasParams && !inQuery
      ? {
          requestBody: {
            required: true,
            content: { 'application/x-www-form-urlencoded': { schema: body }, 'application/json': { schema: body } },
          },
        }
      : {}),
    responses,
  };
}

interface JsonObjectSchema {
  readonly properties?: Record<string, { description?: string }>;
  readonly required?: readonly string[];
}

/** One query parameter per property of the route's schema, with its description and schema. */
function queryParameters(schema: JsonObjectSchema): object[] {
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

/** OpenAPI 3.1 schemas are JSON Schema 2020-12 already; the `$schema` key is noise inside the document. */
function stripDialect(schema: object): object {
  const copy: Record<string, unknown> = { ...schema };
  delete copy.$schema;
  return copy;
}
