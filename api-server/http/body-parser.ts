import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { AppError } from '../errors';

class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly expose = true;
}

/**
 * Parses form and JSON bodies on every method — the original API took form fields on GET, PUT and
 * DELETE too (`curl -XDELETE … -d "user=user1"`) — up to `limitBytes` (413 beyond). A body of any
 * other type is refused rather than silently ignored.
 */
export function parseBody(limitBytes: number): Middleware[] {
  const parse = bodyParser({
    enableTypes: ['json', 'form'],
    jsonLimit: limitBytes,
    formLimit: limitBytes,
    parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'],
  });
  return [
    async function requireKnownBodyType(ctx, next) {
      // `is()` is null without a body, false for a body of another type; `Content-Length: 0` is no body.
      if (ctx.request.length !== 0 && ctx.request.is('urlencoded', 'json') === false) {
        throw new UnsupportedMediaTypeError(`content type "${ctx.request.type}" is not supported: send application/x-www-form-urlencoded or application/json`);
      }
      await next();
    },
    parse,
  ];
}
