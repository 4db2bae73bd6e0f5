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
  502: 'The Git remote refused or failed',
  503: 'A dependency is unavailable',
};

/** The OpenAPI 3.1 document of `routes`, generated from the same definitions the router mounts. */
export function openApiDocument(routes: readonly ApiRoute[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DataRoaster API',
      version,
      description:
        'Compatible with the v1 API of the original DataRoaster: parameters as form fields (or JSON), `yaml` and S3 keys base64-encoded, `Authorization: Bearer <token>` from POST /v1/login.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: SCHEMAS,
    },
    paths,
  };
}

function operation(route: ApiRoute): object {
  const statuses = new Set<number>(route.statuses ?? []);
  if (route.params) statuses.add(400).add(413).add(415);
  if (route.access !== 'public') statuses.add(401).add(403);
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const responses: Record<string, object> = {
    200: {
      description: route.response.description,
      content: { [route.response.mediaType ?? 'application/json']: { schema: ref(route.response.schema) } },
    },
  };
  for (const status of [...statuses].sort()) {
    responses[String(status)] = { description: ERROR_DESCRIPTIONS[status] ?? 'Failure', content: { 'application/json': { schema: ref('Failure') } } };
  }
  const body = route.params && z.toJSONSchema(route.params, { io: 'input', unrepresentable: 'any' });
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.access === 'public' ? { security: [] } : { security: [{ bearer: [] }], 'x-required-role': route.access }),
    ...(body && Object.keys(route.params!.shape).length > 0
      ? {
          requestBody: {
            required: true,
            content: { 'application/x-www-form-urlencoded': { schema: stripDialect(body) }, 'application/json': { schema: stripDialect(body) } },
          },
        }
      : {}),
    responses,
  };
}

/** OpenAPI 3.1 schemas are JSON Schema 2020-12 already; the `$schema` key is noise inside the document. */
function stripDialect(schema: object): object {
  const copy: Record<string, unknown> = { ...schema };
  delete copy.$schema;
  return copy;
}
