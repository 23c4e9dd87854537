import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { getMedia } from '../media/get-media.ts';
import { readMediaBytes } from '../media/read-media-bytes.ts';
import { dispatchFollowerAction, type DispatchResult } from '../messages/dispatch-follower-action.ts';
import { MenuEventSchema } from './followers.schemas.ts';
import { getFollowing } from './get-follower.ts';
import { menuPush } from './inbound-push.ts';
import { sendFollowerMessage } from './send-message.ts';

/**
 * The follower presses a menu button: the button type's event goes to the
 * developer server (§4.3). Photo buttons then send each picture as its own
 * image message, as WeChat does; VIEW and mini-program buttons answer with
 * the target the follower's client opens.
 */
export async function pressMenu(
  ctx: AppContext,
  userId: string,
  appid: string,
  input: unknown,
): Promise<{
  event: DispatchResult;
  messages: DispatchResult[];
  open: { url?: string; appid?: string; pagepath?: string } | null;
}> {
  const press = validate(MenuEventSchema, input);
  const following = await getFollowing(ctx, userId, appid);
  const { account, follower } = following;

  let picMd5Sums: string[] = [];
  if ('media_ids' in press) {
    const media = await Promise.all(press.media_ids.map((id) => getMedia(ctx, account.id, id)));
    picMd5Sums = await Promise.all(
      media.map(async (m) =>
        createHash('md5')
          .update(await readMediaBytes(ctx, m))
          .digest('hex'),
      ),
    );
  }
  const now = ctx.clock.now();
  const event = await dispatchFollowerAction(ctx, account, follower, {
    push: menuPush(press, Math.floor(now / 1000), picMd5Sums),
    autoReply: null,
    log: { type: 'menu', detail: { ...press } },
    canReceive: true,
  });
  const messages: DispatchResult[] = [];
  if ('media_ids' in press) {
    for (const mediaId of press.media_ids)
      messages.push(
        await sendFollowerMessage(ctx, following, { msgtype: 'image', image: { media_id: mediaId } }),
      );
  }
  const open =
    press.event === 'VIEW'
      ? { url: press.url }
      : press.event === 'view_miniprogram'
        ? { pagepath: press.pagepath, ...(press.appid ? { appid: press.appid } : {}) }
        : null;
  return { event, messages, open };
}
