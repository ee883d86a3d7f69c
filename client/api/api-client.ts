import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '@api/app';
import { apiFetch } from './http';

/** The API called through its own route types (api/app.ts), so a contract change breaks the build. */
export const api = hc<AppType>(`${globalThis.location?.origin ?? 'http://127.0.0.1'}/api`, { fetch: apiFetch });

export type ApiConfigResponse = InferResponseType<typeof api.config.$get>;

/** Sign-in and `GET /api/auth/me`: the user, the CSRF token for writes, when the session ends. */
export type ApiSession = InferResponseType<typeof api.auth.me.$get, 200>;
export type SessionUser = ApiSession['user'];
