import { zValidator } from '@hono/zod-validator';
import { bodyLimit } from 'hono/body-limit';
import type { Context, Next, ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from './api-error';

const JSON_TYPE = /^application\/([a-z-.]+\+)?json(;|$)/i;

/**
 * A JSON body larger than this is refused before it is read (413 naming body), whatever the
 * route: a write is a record and a few words, a geometry at most a few thousand vertices. Routes
 * that take less say so with their own limit in front (64 kB for a light); files go to the
 * import routes, which have theirs.
 */
export const MAX_JSON_BYTES = 1024 * 1024;
const jsonLimit = bodyLimit({
  maxSize: MAX_JSON_BYTES,
  onError: () => {
    throw new ApiError('payload_too_large', `A JSON body may be at most ${MAX_JSON_BYTES / 1024} kB.`, [{ param: 'body', reason: `larger than ${MAX_JSON_BYTES / 1024} kB`, rule: 'body_too_large' }]);
  },
});

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
  // A body of another type would be read as {} and pass wherever every field is optional (a junk
  // text/plain POST ran a whole-city analysis): it is refused, naming what it was sent as.
  return (async (c: Context, next: Next) => {
    const type = c.req.header('content-type') ?? '';
    if (!JSON_TYPE.test(type)) throw new ApiError('unsupported_media_type', `The body must be JSON (Content-Type: application/json), not ${type || 'untyped'}.`, [{ param: 'body', reason: `sent as ${type || 'no Content-Type'}; send application/json`, rule: 'json_only' }]);
    return jsonLimit(c, async () => {
      await c.req.json().catch((e) => {
        if (e instanceof ApiError) throw e;
        throw ApiError.badParam('body', 'is not valid JSON');
      });
      await validator(c, next);
    });
  }) as unknown as typeof validator;
}
