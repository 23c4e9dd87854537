import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { newMsgId } from '../callbacks/push-xml.ts';
import { getMedia } from '../media/get-media.ts';
import { mediaUrl } from '../media/media-url.ts';
import { dispatchFollowerAction, type DispatchResult } from '../messages/dispatch-follower-action.ts';
import type { InboundMessage } from '../messages/message-content.ts';
import { checkMenuOption } from './check-menu-option.ts';
import { SendMessageSchema } from './followers.schemas.ts';
import { getFollowing, type Following } from './get-follower.ts';
import { messagePush } from './inbound-push.ts';

/**
 * The user sends the account a message (text, image, voice, video,
 * shortvideo, location, link). Media must have been uploaded by the user to
 * this account first; the push carries its MediaId (and PicUrl for images).
 * A text with `bizmsgmenuid` is a tap on a menu message's option.
 */
export async function sendMessage(
  ctx: AppContext,
  userId: string,
  appid: string,
  input: unknown,
): Promise<DispatchResult> {
  const message = validate(SendMessageSchema, input);
  const following = await getFollowing(ctx, userId, appid);
  return sendFollowerMessage(ctx, following, message);
}

/** Sends an already validated message from a current follower (also used by photo menu buttons). */
export async function sendFollowerMessage(
  ctx: AppContext,
  { account, follower }: Following,
  message: InboundMessage,
): Promise<DispatchResult> {
  if (message.msgtype === 'text' && message.text.bizmsgmenuid !== undefined) {
    await checkMenuOption(ctx, follower, { id: message.text.bizmsgmenuid, content: message.text.content });
  }
  let picUrl: string | undefined;
  for (const mediaId of mediaIdsOf(message)) {
    const media = await getMedia(ctx, account.id, mediaId);
    if (message.msgtype === 'image') picUrl = mediaUrl(ctx, media);
  }
  const now = ctx.clock.now();
  const msgId = newMsgId(now);
  return dispatchFollowerAction(ctx, account, follower, {
    push: messagePush(message, Math.floor(now / 1000), msgId, picUrl),
    inbound: message,
    autoReply: { kind: 'message', message },
    log: { type: 'message', detail: { msgtype: message.msgtype, msg_id: msgId } },
    canReceive: true,
  });
}

function mediaIdsOf(message: InboundMessage): string[] {
  switch (message.msgtype) {
    case 'image':
      return [message.image.media_id];
    case 'voice':
      return [message.voice.media_id];
    case 'video':
      return [message.video.media_id, message.video.thumb_media_id];
    case 'shortvideo':
      return [message.shortvideo.media_id, message.shortvideo.thumb_media_id];
    case 'text':
    case 'location':
    case 'link':
      return [];
  }
}
