import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '@api/app';

/** The API called through its own route types (api/app.ts), so a contract change breaks the build. */
export const api = hc<AppType>(`${globalThis.location?.origin ?? 'http://127.0.0.1'}/api`);

export type ApiConfigResponse = InferResponseType<typeof api.config.$get>;
