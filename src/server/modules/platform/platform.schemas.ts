import { z } from 'zod';

/** Body of `/cgi-bin/callback/check`. */
export const CallbackCheckBodySchema = z.object({
  /** dns, ping or all. */
  action: z.enum(['dns', 'ping', 'all']),
  /** Which carrier to test from; DEFAULT picks by the server's network. */
  check_operator: z.enum(['CHINANET', 'UNICOM', 'CAP', 'DEFAULT']),
});

/** Body of `/cgi-bin/openapi/quota/get`. */
export const QuotaGetBodySchema = z.object({
  /** An API path such as `/cgi-bin/message/custom/send`. */
  cgi_path: z.string().min(1).max(256),
});

/** Body of `/cgi-bin/openapi/rid/get`. */
export const RidGetBodySchema = z.object({
  /** The id after "rid:" in an errmsg. */
  rid: z.string().max(64),
});

/** Body of `/cgi-bin/clear_quota`. */
export const ClearQuotaBodySchema = z.object({
  appid: z.string().max(64).optional(),
});
