import { z } from 'zod';

/** Query of `GET /cgi-bin/token`. Presence rules are checked in order by the operation (41002, 41004, 40002). */
export const TokenQuerySchema = z.object({
  /** Must be `client_credential`. */
  grant_type: z.string().optional(),
  /** The account's AppID (wx + 16 hex). */
  appid: z.string().optional(),
  /** The account's AppSecret. */
  secret: z.string().optional(),
});

/** Body of `POST /cgi-bin/stable_token`. */
export const StableTokenBodySchema = z.object({
  grant_type: z.string().optional(),
  appid: z.string().optional(),
  secret: z.string().optional(),
  /** true: invalidate the current stable token and issue a new one (20 a day, 30 s apart). */
  force_refresh: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
});

/** Both token endpoints answer this (no errcode). */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
}
