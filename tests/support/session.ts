import sharp from 'sharp';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../api/seed/accounts';

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** A signed-in client of an in-process app: requests carry the session cookie and, on writes, the CSRF token. */
export interface Client {
  username: string;
  cookie: string;
  csrf: string;
  user: { id: number; role: string; scope: { code: string }; unit: { code: string } | null };
  get: (path: string) => Promise<Response>;
  send: (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<Response>;
  /** A multipart POST (an import): each field a text or a file. */
  upload: (path: string, fields: Record<string, string | File>) => Promise<Response>;
}

function multipart(fields: Record<string, string | File>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

export async function signIn(app: App, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status, `sign-in of ${username}`).toBe(200);
  const body = await res.json();
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const csrf = body.csrfToken as string;
  return {
    username,
    cookie,
    csrf,
    user: body.user,
    get: async (path) => app.request(path, { headers: { cookie } }),
    send: async (method, path, payload) =>
      app.request(path, {
        method,
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      }),
    upload: async (path, fields) => app.request(path, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: multipart(fields) }),
  };
}

/**
 * A client per name, each signed in, and `anonymous` as a client without a session (its writes
 * carry no cookie and no CSRF token): the role × jurisdiction tests' cast.
 */
export async function signInAll<W extends string>(app: App, who: readonly W[]): Promise<Record<W, Client>> {
  const clients = {} as Record<W, Client>;
  for (const w of who) {
    clients[w] =
      w === 'anonymous'
        ? {
            username: w, cookie: '', csrf: '', user: null as never,
            get: async (path) => app.request(path),
            send: async (method, path, body) => app.request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
            upload: async (path, fields) => app.request(path, { method: 'POST', body: multipart(fields) }),
          }
        : await signIn(app, w);
  }
  return clients;
}

/** The JSON of a response with the expected status (the body is shown when it differs). */
export async function okJson(res: Response | Promise<Response>, status = 200) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return r.json();
}

/** The `error` object of a refused request with the expected status. */
export async function errorOf(res: Response | Promise<Response>, status: number) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()).error;
}

/** Uploads one photo (a small PNG) to a hazard as `by`; its id, for a step that names its evidence (attachmentIds). */
export async function evidencePhoto(by: Client, hazardId: number): Promise<number> {
  const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#4a8' } }).png().toBuffer();
  const res = await by.upload(`/api/hazards/${hazardId}/attachments`, { file: new File([new Uint8Array(png)], '整改后.png', { type: 'image/png' }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).attachments[0].id;
}
