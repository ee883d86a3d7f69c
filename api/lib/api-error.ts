import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

/** Details say where the problem is: a parameter, a row, a field. */
export interface ErrorDetail {
  param?: string;
  /** A nested field the whole way down (`gates.1`, `items.3.item`); `param` is its top level. */
  path?: string;
  row?: number;
  field?: string;
  reason: string;
  /** A stable name for the rule broken (e.g. `outside_liaocheng`), for clients to say it in their language. */
  rule?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** More members of the error object, e.g. `current` (the record as it is now) on a stale write. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return errorStatus[this.code];
  }

  static badParam(param: string, reason: string, rule?: string): ApiError {
    return new ApiError('bad_request', `Invalid parameter "${param}": ${reason}`, [rule ? { param, reason, rule } : { param, reason }]);
  }
}
