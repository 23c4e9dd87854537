import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { validate } from '../../lib/validate.ts';
import { getMassSend } from './manage-mass-sends.ts';
import { presentMassSend, type MassSendView } from './masssend.presenter.ts';
import { ConsoleMassSendBodySchema, ConsolePreviewBodySchema } from './masssend.schemas.ts';
import { previewMassMessage } from './preview-mass-message.ts';
import { sendMassToAll, sendMassToOpenids } from './send-mass-message.ts';

/**
 * The console's send: the same operations as mass/sendall (all, tag) and
 * mass/send (openids), with their checks and limits, optionally scheduled
 * with `send_at`. Answers the new send as the console lists it.
 */
export async function createConsoleMassSend(
  ctx: AppContext,
  account: AccountsTable,
  input: unknown,
): Promise<MassSendView> {
  const { target, send_at: sendAt, ...message } = validate(ConsoleMassSendBodySchema, input);
  const options = sendAt !== undefined ? { sendAt } : {};
  const accepted =
    target.type === 'openids'
      ? await sendMassToOpenids(ctx, account, { ...message, touser: target.openids }, options)
      : await sendMassToAll(
          ctx,
          account,
          {
            ...message,
            filter: target.type === 'all' ? { is_to_all: true } : { is_to_all: false, tag_id: target.tag_id },
          },
          options,
        );
  return presentMassSend(await getMassSend(ctx, account, accepted.msg_id), account.appid);
}

/** The console's preview: mass/preview to one follower by openid or WeChat id. */
export async function previewConsoleMassSend(
  ctx: AppContext,
  account: AccountsTable,
  input: unknown,
): Promise<MassSendView> {
  const { openid, wechat_id: wechatId, ...message } = validate(ConsolePreviewBodySchema, input);
  const sent = await previewMassMessage(ctx, account, {
    ...message,
    ...(openid !== undefined ? { touser: openid } : {}),
    ...(wechatId !== undefined ? { towxname: wechatId } : {}),
  });
  return presentMassSend(await getMassSend(ctx, account, sent.msg_id), account.appid);
}
