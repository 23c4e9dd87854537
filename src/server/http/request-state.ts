import type { AccountsTable } from '../db/schema.ts';

/** Per-request facts the Open API error handler needs (rid log, account). */
export interface GzRequestState {
  startedAt: number;
  account: AccountsTable | null;
  /** The errcode an Open API error answered with (the call log records 0 without one). */
  errcode?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    gz: GzRequestState;
  }
  interface FastifyContextConfig {
    /** Marks WeChat-compatible routes: errors render as {errcode, errmsg}. */
    openApi?: boolean;
  }
}

/** Path prefixes WeChat serves; unknown paths under them get a WeChat-shaped answer. */
export const WECHAT_PREFIXES = [
  '/cgi-bin/',
  '/sns/',
  '/datacube/',
  '/customservice/',
  '/card/',
  '/wxa/',
  '/wxaapi/',
  '/merchant/',
  '/semantic/',
  '/shakearound/',
  '/mp/',
];

export function isWechatPath(url: string): boolean {
  return WECHAT_PREFIXES.some((p) => url.startsWith(p));
}

/** The first value of a query parameter that may have been sent twice (Fastify gives an array). */
export function firstQueryValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return firstQueryValue(value[0]);
  return typeof value === 'string' ? value : undefined;
}
