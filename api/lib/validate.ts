import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from './api-error';

/**
 * zod validation whose failures become one 400 ApiError naming every bad parameter.
 * Handlers read the parsed value with `c.req.valid(target)`.
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    // `param` the top-level name; `path` the whole way down when the value is nested (designSpeeds.village).
    const details = result.error.issues.map((i) => ({
      param: String(i.path[0] ?? target),
      ...(i.path.length > 1 && { path: i.path.map(String).join('.') }),
      reason: i.message,
    }));
    const first = details[0];
    throw new ApiError('bad_request', `Invalid parameter "${first.path ?? first.param}": ${first.reason}`, details);
  });
}
