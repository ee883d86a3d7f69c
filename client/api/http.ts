/** Where a problem is: for a 400, the parameter and what is wrong with it. */
export interface ApiErrorDetail {
  param?: string;
  /** The whole way to a nested field (`designSpeeds.village`). */
  path?: string;
  /** A sheet's row and column (field) at fault. */
  row?: number;
  field?: string;
  reason: string;
  /** A stable name for the rule broken (docs/API.md), for saying it in the user's language. */
  rule?: string;
}

/** The API's one error shape (docs/API.md): `{ error: { code, message, details, requestId } }`. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    readonly details: readonly ApiErrorDetail[] = [],
    /** Fields some errors add beside `details`: `current` (409 on a hazard), `duplicates`. */
    readonly extra: Readonly<Record<string, unknown>> = {},
    /** Seconds to wait, from a 429's `Retry-After`. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export async function toError(response: Response): Promise<ApiRequestError> {
  let code = 'http_' + response.status;
  let message = `${response.status} ${response.statusText}`.trim();
  let requestId: string | null = null;
  let details: ApiErrorDetail[] = [];
  let extra: Record<string, unknown> = {};
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; requestId?: string; details?: unknown } };
    if (body.error) {
      const { code: c, message: m, requestId: r, details: d, ...rest } = body.error;
      code = c ?? code;
      message = m ?? message;
      requestId = r ?? null;
      if (Array.isArray(d)) details = d.filter(isDetail);
      extra = rest;
    }
  } catch {
    // Not our JSON (a proxy's HTML page): keep the status line.
  }
  const retryAfter = Number(response.headers.get('retry-after')) || null;
  return new ApiRequestError(response.status, code, message, requestId, details, extra, retryAfter);
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorDetail).reason === 'string';
}

/** An API path as an absolute URL, so that MapLibre's workers (based on a blob: URL) can fetch it. */
export function apiUrl(path: string): string {
  return new URL(`/api${path}`, globalThis.location?.origin ?? 'http://127.0.0.1').href;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in session's CSRF token, held in memory only (from sign-in or GET /api/auth/me). */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** `fetch` that sends the session's CSRF token as `X-CSRF-Token` on every write (docs/API.md, Sign-in). */
export const apiFetch: typeof fetch = (input, init = {}) => {
  const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (csrfToken === null || SAFE_METHODS.has(method)) return fetch(input, init);
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set('X-CSRF-Token', csrfToken);
  return fetch(input, { ...init, headers });
};

/** A JSON write (POST, PATCH) to the API; its JSON answer, or the API's error as an ApiRequestError. */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown): Promise<T> {
  const response = await apiFetch(url, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

/** Retry once, and only what may pass on a second try (not a 4xx: the same request gets the same answer). */
export function retryServerErrors(failures: number, error: Error): boolean {
  return failures < 1 && !(error instanceof ApiRequestError && error.status < 500);
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

/** A typed client call's response, or the API's error as an ApiRequestError. */
export async function ok<R extends Response>(pending: Promise<R>): Promise<R> {
  const response = await pending;
  if (!response.ok) throw await toError(response);
  return response;
}
