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
    const details = result.error.issues.map((i) => ({ param: String(i.path[0] ?? target), reason: i.message }));
    const first = details[0];
    throw new ApiError('bad_request', `Invalid parameter "${first.param}": ${first.reason}`, details);
  });
}
