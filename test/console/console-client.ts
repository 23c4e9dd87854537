import type { TestPlatform } from '../helpers/platform.ts';

/** A browser-like client of our API: keeps the console cookie and sends the CSRF header. */
export interface ConsoleClient {
  csrf: string;
  cookie: string;
  call<T = { code: string; message: string }>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    options?: { csrf?: string | null },
  ): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
}

/** Signs in over HTTP and returns a client holding the session, or the failed response. */
export async function signInAs(p: TestPlatform, username: string, password: string): Promise<ConsoleClient> {
  const res = await p.app.inject({
    method: 'POST',
    url: '/gz/v1/console/session',
    payload: { username, password },
  });
  if (res.statusCode !== 201) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const client: ConsoleClient = {
    csrf: res.json<{ csrf_token: string }>().csrf_token,
    cookie,
    async call(method, url, body, options = {}) {
      const csrf = options.csrf === undefined ? client.csrf : options.csrf;
      const r = await p.app.inject({
        method,
        url: `/gz/v1${url}`,
        headers: { cookie: client.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: r.statusCode, body: (r.body ? r.json() : null) as never, headers: r.headers };
    },
  };
  return client;
}

/** Creates a console user with the admin key. */
export async function createConsoleUser(
  p: TestPlatform,
  username: string,
  grants: { role: string; organization_id?: string | null; appid?: string | null }[],
  password = 'correct-horse-1',
): Promise<{ id: string; username: string }> {
  const res = await p.app.inject({
    method: 'POST',
    url: '/gz/v1/console/users',
    headers: p.adminHeaders,
    payload: { username, password, grants },
  });
  if (res.statusCode !== 201) throw new Error(`user create failed: ${res.body}`);
  return res.json();
}
