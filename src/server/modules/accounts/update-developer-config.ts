import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { verifyServerUrl } from '../callbacks/verify-server-url.ts';
import { updateAccountRow } from './accounts.queries.ts';
import { DeveloperConfigSchema } from './accounts.schemas.ts';
import { getAccount } from './get-account.ts';

/**
 * Sets the developer server configuration (URL, Token, EncodingAESKey,
 * message mode) and switches developer mode on or off. Turning it on first
 * runs WeChat's echostr check against the URL and refuses to save when the
 * server fails it, with a report of what was sent and what came back.
 */
export async function updateDeveloperConfig(
  ctx: AppContext,
  appid: string,
  input: unknown,
): Promise<AccountsTable> {
  const config = validate(DeveloperConfigSchema, input);
  const account = await getAccount(ctx, appid);
  if (config.enabled) {
    const report = await verifyServerUrl(ctx, config.url, config.token);
    if (!report.ok) {
      const code = report.reason === 'blocked' ? 'CALLBACK_URL_FORBIDDEN' : 'SERVER_VERIFICATION_FAILED';
      throw new AppError(code, report.message, { details: [{ path: 'url', ...report }] });
    }
  }
  const set: Partial<AccountsTable> = {
    server_url: config.url,
    server_token: config.token,
    encoding_aes_key: config.encoding_aes_key ?? account.encoding_aes_key,
    message_mode: config.message_mode,
    server_enabled: config.enabled ? 1 : 0,
    updated_at: ctx.clock.now(),
  };
  await updateAccountRow(ctx.db, account.id, set);
  ctx.accounts.invalidate(account);
  return { ...account, ...set };
}
