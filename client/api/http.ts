/** Where a problem is: for a 400, the parameter and what is wrong with it. */
export interface ApiErrorDetail {
  param?: string;
  reason: string;
}

/** The API's one error shape (docs/API.md): `{ error: { code, message, details, requestId } }`. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    readonly details: readonly ApiErrorDetail[] = [],
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
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; requestId?: string; details?: unknown } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      requestId = body.error.requestId ?? null;
      if (Array.isArray(body.error.details)) details = body.error.details.filter(isDetail);
    }
  } catch {
    // Not our JSON (a proxy's HTML page): keep the status line.
  }
  return new ApiRequestError(response.status, code, message, requestId, details);
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorDetail).reason === 'string';
}

/** An API path as an absolute URL, so that MapLibre's workers (based on a blob: URL) can fetch it. */
export function apiUrl(path: string): string {
  return new URL(`/api${path}`, globalThis.location?.origin ?? 'http://127.0.0.1').href;
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
