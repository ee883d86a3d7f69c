import { zValidator } from '@hono/zod-validator';
import type { Context, Next, ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from './api-error';

const JSON_TYPE = /^application\/([a-z-.]+\+)?json(;|$)/i;

/**
 * zod validation whose failures become one 400 ApiError naming every bad parameter.
 * Handlers read the parsed value with `c.req.valid(target)`.
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const validator = zValidator(target, schema, (result) => {
    if (result.success) return;
    // `param` the top-level name; `path` the whole way down when the value is nested (designSpeeds.village).
    // A JSON body that is wrong as a whole (an array, a number) is `body`, as one that is not JSON.
    const details = result.error.issues.map((i) => ({
      param: String(i.path[0] ?? (target === 'json' ? 'body' : target)),
      ...(i.path.length > 1 && { path: i.path.map(String).join('.') }),
      reason: i.message,
      // A refinement may name its rule (`params: { rule }`), as the route's own checks do.
      ...(i.code === 'custom' && typeof i.params?.rule === 'string' && { rule: i.params.rule }),
    }));
    const first = details[0];
    throw new ApiError('bad_request', `Invalid parameter "${first.path ?? first.param}": ${first.reason}`, details);
  });
  if (target !== 'json') return validator;
  // Hono's validator answers a body that is not JSON with its own exception, which the error
  // handler can only call a 500; parse it first (the request caches the result for the validator).
  return (async (c: Context, next: Next) => {
    if (JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      await c.req.json().catch(() => {
        throw ApiError.badParam('body', 'is not valid JSON');
      });
    }
    return validator(c, next);
  }) as unknown as typeof validator;
}
