/** The console talks only to our own JSON API; the session cookie rides along, the CSRF token goes in a header. */

let csrfToken = '';

/** Set after sign-in and after reading the session. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The session's CSRF token, for requests not made through api() (file uploads). */
export function csrfHeader(): Record<string, string> {
  return { 'x-csrf-token': csrfToken };
}

/** An error answer of our own API: `{code, message, details}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>[] = [],
  ) {
    super(message);
  }
}

/** Fired when the API says the session has ended, so the app can send the person to sign in. */
export const SIGNED_OUT_EVENT = 'gz-console-signed-out';

export async function api<T = unknown>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/gz/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'the platform did not answer; check that it is running and reload');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as
    (T & { code?: string; message?: string; details?: Record<string, unknown>[] }) | null;
  if (!res.ok) {
    const code = data?.code ?? 'HTTP_' + res.status;
    if (res.status === 401 && code === 'CONSOLE_SESSION_ENDED' && !path.startsWith('/console/session')) {
      window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    }
    throw new ApiError(res.status, code, data?.message ?? res.statusText, data?.details ?? []);
  }
  return data as T;
}

/** Builds a query string from the defined values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
