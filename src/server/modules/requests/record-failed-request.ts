import type { AppContext } from '../../context.ts';
import { storableText } from '../../lib/storable-text.ts';

/** What the error handler knows about a failed Open API call. */
export interface FailedRequest {
  rid: string;
  accountId: string | null;
  startedAt: number;
  url: string;
  body: string;
  response: string;
  clientIp: string;
}

/**
 * Keeps a failed Open API call for `/cgi-bin/openapi/rid/get`. Only failures
 * carry a rid, so successful calls cost no write. Secrets are removed from the
 * stored URL and body first.
 */
export async function recordFailedRequest(ctx: AppContext, req: FailedRequest): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('api_request_log')
    .values({
      rid: req.rid,
      account_id: req.accountId,
      invoke_time: Math.floor(req.startedAt / 1000),
      cost_in_ms: Math.max(0, Math.round(now - req.startedAt)),
      request_url: redactSecrets(req.url),
      request_body: storableText(redactSecrets(req.body).slice(0, 8192)),
      response_body: storableText(req.response.slice(0, 8192)),
      client_ip: req.clientIp,
      created_at: now,
    })
    .execute();
}

/** Masks access_token, secret and similar values in a URL or JSON/form body. */
export function redactSecrets(text: string): string {
  return text
    .replace(/([?&](?:access_token|secret|appsecret|refresh_token|code)=)[^&#\s]*/gi, '$1***')
    .replace(/("(?:access_token|secret|appsecret|refresh_token)"\s*:\s*")[^"]*"/gi, '$1***"');
}
