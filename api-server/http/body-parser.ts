import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';

import { checkDocumentLimits, DOCUMENT_LIMITS } from '../../src/schema/document-limits';
import { InputError, UnsupportedMediaTypeError } from '../errors';

/** Content codings the body parser can undo (co-body via `inflation`); `identity` is no coding. */
const CONTENT_CODINGS = ['identity', 'gzip', 'deflate', 'br'];

/**
 * Parses form and JSON bodies on every method — the original API took form fields on GET, PUT and
 * DELETE too (`curl -XDELETE … -d "user=user1"`) — up to `limitBytes` (413 beyond, counted after
 * decompression, so a gzip bomb stops at the limit too). A body of any other type or coding is
 * refused (415) rather than silently ignored; a body that does not decompress is a 400. The parsed
 * body must stay within the document limits (nodes, depth, characters) before any route reads it.
 */
export function parseBody(limitBytes: number): Middleware[] {
  const parse = bodyParser({
    enableTypes: ['json', 'form'],
    jsonLimit: limitBytes,
    formLimit: limitBytes,
    parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'],
    onError(err, ctx) {
      throw decodingError(err, ctx.get('Content-Encoding')) ?? err;
    },
  });
  return [
    async function requireKnownBodyType(ctx, next) {
      if (ctx.request.is() !== null) {
        // `is()` is null without a body
        // and false for a body of another type; `Content-Length: 0` is no body.
        if (ctx.request.length !== 0 && ctx.request.is('urlencoded', 'json') === false) {
          throw new UnsupportedMediaTypeError(
            `content type "${ctx.request.type}" is not supported: send application/x-www-form-urlencoded or application/json`,
          );
        }
        const coding = ctx.get('Content-Encoding').trim().toLowerCase();
        if (coding !== '' && !CONTENT_CODINGS.includes(coding)) {
          throw new UnsupportedMediaTypeError(
            `Content-Encoding "${ctx.get('Content-Encoding')}" is not supported: send the body uncompressed or as one of gzip, deflate, br`,
          );
        }
        // `inflation` matches the coding case-sensitively; HTTP codings are case-insensitive (RFC 9110 §8.4.1).
        if (coding !== '') ctx.req.headers['content-encoding'] = coding;
      }
      await next();
    },
    parse,
    async function boundParsedBody(ctx, next) {
      checkDocumentLimits(ctx.request.body, 'request body', { ...DOCUMENT_LIMITS, maxChars: limitBytes });
      await next();
    },
  ];
}

/** A zlib/brotli failure while reading the body, as the client's error (its body is not what its headers say). */
function decodingError(err: unknown, coding: string): InputError | undefined {
  const { code, status } = err as { code?: unknown; status?: unknown };
  if (status !== undefined || typeof code !== 'string' || !/^(Z_|ERR__)/.test(code)) return undefined;
  return new InputError(`request body is not valid ${coding || 'compressed'} data: ${(err as Error).message}`);
}
