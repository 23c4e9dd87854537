import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { selectSettings, upsertSettings, type AutoreplySettings } from './autoreply.queries.ts';
import { UpdateSettingsSchema } from './autoreply.schemas.ts';

/** Changes any of an account's auto-reply switches and its follow and default replies. */
export async function updateAutoreplySettings(
  ctx: AppContext,
  appid: string,
  input: unknown,
): Promise<AutoreplySettings> {
  const patch = validate(UpdateSettingsSchema, input);
  const account = await getAccount(ctx, appid);
  return ctx.db.transaction().execute(async (trx) => {
    const current = await selectSettings(trx, account.id);
    const now = ctx.clock.now();
    const next: AutoreplySettings = {
      autoreply_open: patch.autoreply_open ?? current.autoreply_open,
      follow_reply_open: patch.follow_reply_open ?? current.follow_reply_open,
      follow_reply: patch.follow_reply === undefined ? current.follow_reply : patch.follow_reply,
      default_reply_open: patch.default_reply_open ?? current.default_reply_open,
      default_reply: patch.default_reply === undefined ? current.default_reply : patch.default_reply,
      updated_at: now,
    };
    await upsertSettings(trx, account.id, next, now);
    return next;
  });
}
