import type { z } from 'zod';

import { InputError } from '../errors';
import type { AppContext } from './route';

/**
 * Reads a route's parameters from the query string and the form or JSON body (the body wins), the
 * way the original API accepted them on every method, and validates them. Unknown parameters are
 * refused, so a typo is not silently ignored.
 */
export function readParams<S extends z.ZodObject>(ctx: AppContext, schema: S): z.output<S> {
  const body: unknown = ctx.request.body;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw new InputError('request body must be form fields or a JSON object');
  }
  const input: Record<string, unknown> = { ...ctx.query, ...(body as Record<string, unknown> | undefined) };
  const result = schema.safeParse(input);
  if (!result.success) throw new InputError(describeIssues(result.error.issues, input));
  return result.data;
}

function describeIssues(issues: readonly z.core.$ZodIssue[], input: Record<string, unknown>): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const names = issue.keys.map((k) => `'${k}'`).join(', ');
        return `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${names}`;
      }
      const name = String(issue.path[0]);
      if (input[name] === undefined) return `missing parameter '${name}'`;
      const inner = issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : '';
      return `parameter '${name}'${inner}: ${issue.message.replace(/^Invalid input: /, '')}`;
    })
    .join('; ');
}
