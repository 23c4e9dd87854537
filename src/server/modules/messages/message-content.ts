import { z } from 'zod';

/**
 * Message bodies in one shape for every direction, modelled on WeChat's
 * customer-service JSON (`{"msgtype": "text", "text": {"content": "…"}}`):
 * what a follower sends, what a passive reply or an auto-reply delivers,
 * and what the conversation API shows. The XML of pushes and replies is
 * converted to and from this shape in modules/callbacks.
 */

/** Longest text a follower can send (WeChat's chat input stops near here). */
export const MAX_FOLLOWER_TEXT = 2048;
/** Longest text a reply may carry (WeChat documents 2048 bytes for kf text; replies are looser). */
export const MAX_REPLY_TEXT = 20_000;

const MediaId = z.string().min(1).max(128);
const HttpUrl = z
  .string()
  .max(2048)
  .refine((v) => /^https?:\/\//i.test(v), 'must be an http:// or https:// URL');

/** What a simulated follower sends to an account. */
export const InboundMessageSchema = z.discriminatedUnion('msgtype', [
  z.object({
    msgtype: z.literal('text'),
    text: z
      .object({
        content: z.string().min(1).max(MAX_FOLLOWER_TEXT),
        /**
         * Tapping an option of a menu message (菜单消息) sends its text with
         * the option's id: the push carries it as `bizmsgmenuid`. Only an
         * option of a msgmenu this follower received from the account.
         */
        bizmsgmenuid: z.string().min(1).max(64).optional(),
      })
      .strict(),
  }),
  z.object({ msgtype: z.literal('image'), image: z.object({ media_id: MediaId }).strict() }),
  z.object({
    msgtype: z.literal('voice'),
    voice: z
      .object({
        media_id: MediaId,
        /** amr (default) or speex. */
        format: z.enum(['amr', 'speex']).default('amr'),
        /** Speech recognition text; sent as `Recognition` when present. */
        recognition: z.string().max(MAX_FOLLOWER_TEXT).optional(),
      })
      .strict(),
  }),
  z.object({
    msgtype: z.literal('video'),
    video: z.object({ media_id: MediaId, thumb_media_id: MediaId }).strict(),
  }),
  z.object({
    msgtype: z.literal('shortvideo'),
    shortvideo: z.object({ media_id: MediaId, thumb_media_id: MediaId }).strict(),
  }),
  z.object({
    msgtype: z.literal('location'),
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        /** Map zoom, 1–20. Default 15. */
        scale: z.number().int().min(1).max(20).default(15),
        label: z.string().max(256).default(''),
      })
      .strict(),
  }),
  z.object({
    msgtype: z.literal('link'),
    link: z
      .object({
        title: z.string().min(1).max(256),
        description: z.string().max(1024).default(''),
        url: HttpUrl,
      })
      .strict(),
  }),
]);
export type InboundMessage = z.infer<typeof InboundMessageSchema>;
export type InboundMsgType = InboundMessage['msgtype'];

/** One article of a news reply. */
export const NewsArticleSchema = z
  .object({
    title: z.string().max(256).default(''),
    description: z.string().max(1024).default(''),
    url: z.string().max(2048).default(''),
    picurl: z.string().max(2048).default(''),
  })
  .strict();
export type NewsArticle = z.infer<typeof NewsArticleSchema>;

/**
 * A template message or subscribe notification as the follower's service
 * notifications feed shows it: the template's title and its content with
 * the keywords filled in (`rendered`, one entry per line), plus the data as
 * sent and where a tap leads.
 */
const NotificationCardSchema = z
  .object({
    template_id: z.string(),
    title: z.string(),
    url: z.string().default(''),
    miniprogram: z.object({ appid: z.string(), pagepath: z.string() }).nullable().default(null),
    data: z.record(z.string(), z.object({ value: z.string(), color: z.string().optional() })),
    rendered: z.array(z.object({ text: z.string(), color: z.string().optional() })),
  })
  .strict();
export type NotificationCard = z.infer<typeof NotificationCardSchema>;

/**
 * What an account sends a follower (passive reply, auto-reply). `notice` is
 * the platform's own grey system line ("该公众号暂时无法提供服务，请稍后再试").
 */
export const OutboundMessageSchema = z.discriminatedUnion('msgtype', [
  z.object({
    msgtype: z.literal('text'),
    text: z.object({ content: z.string().min(1).max(MAX_REPLY_TEXT) }).strict(),
  }),
  z.object({ msgtype: z.literal('image'), image: z.object({ media_id: MediaId }).strict() }),
  z.object({ msgtype: z.literal('voice'), voice: z.object({ media_id: MediaId }).strict() }),
  z.object({
    msgtype: z.literal('video'),
    video: z
      .object({
        media_id: MediaId,
        title: z.string().max(256).optional(),
        description: z.string().max(1024).optional(),
      })
      .strict(),
  }),
  z.object({
    msgtype: z.literal('music'),
    music: z
      .object({
        title: z.string().max(256).optional(),
        description: z.string().max(1024).optional(),
        musicurl: z.string().max(2048).optional(),
        hqmusicurl: z.string().max(2048).optional(),
        thumb_media_id: MediaId.optional(),
      })
      .strict(),
  }),
  z.object({
    msgtype: z.literal('news'),
    news: z.object({ articles: z.array(NewsArticleSchema).min(1).max(10) }).strict(),
  }),
  z.object({ msgtype: z.literal('notice'), notice: z.object({ content: z.string() }).strict() }),
  // Service notifications (template messages, subscribe notifications): the platform renders them.
  z.object({ msgtype: z.literal('template'), template: NotificationCardSchema }),
  z.object({ msgtype: z.literal('subscribe_notification'), subscribe_notification: NotificationCardSchema }),
  // The kinds only message/custom/send delivers (spec §7.1).
  z.object({ msgtype: z.literal('mpnews'), mpnews: z.object({ media_id: MediaId }).strict() }),
  z.object({
    msgtype: z.literal('mpnewsarticle'),
    mpnewsarticle: z.object({ article_id: z.string().min(1).max(128) }).strict(),
  }),
  z.object({
    msgtype: z.literal('msgmenu'),
    msgmenu: z
      .object({
        head_content: z.string().max(1024).default(''),
        list: z
          .array(z.object({ id: z.string().min(1).max(64), content: z.string().min(1).max(256) }).strict())
          .min(1)
          .max(10),
        tail_content: z.string().max(1024).default(''),
      })
      .strict(),
  }),
  z.object({
    msgtype: z.literal('wxcard'),
    wxcard: z
      .object({
        card_id: z.string().min(1).max(128),
        // wechat-api sends the card_ext it builds as an object; wechatpy as a JSON string.
        card_ext: z.union([z.string().max(4096), z.record(z.string(), z.unknown())]).optional(),
      })
      .strict(),
  }),
  z.object({
    msgtype: z.literal('miniprogrampage'),
    miniprogrampage: z
      .object({
        title: z.string().max(256).default(''),
        appid: z.string().min(1).max(64),
        pagepath: z.string().min(1).max(1024),
        thumb_media_id: MediaId,
      })
      .strict(),
  }),
  z.object({
    msgtype: z.literal('link'),
    link: z
      .object({
        title: z.string().min(1).max(256),
        description: z.string().max(1024).default(''),
        url: HttpUrl,
        thumb_url: z.string().max(2048).default(''),
      })
      .strict(),
  }),
]);
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;
export type OutboundMsgType = OutboundMessage['msgtype'];

/** The notice WeChat shows a follower when the developer server fails a push. */
export const SERVICE_UNAVAILABLE_NOTICE = '该公众号暂时无法提供服务，请稍后再试';

/** Any message body, in or out. */
export type MessageContent = InboundMessage | OutboundMessage;

/** The inner object of a message (`{content}` for text), stored as JSON in messages.content. */
export function innerContent(message: MessageContent): Record<string, unknown> {
  return (message as unknown as Record<string, Record<string, unknown>>)[message.msgtype] ?? {};
}

/** Rebuilds a message from its stored type and inner JSON. */
export function fromStored(msgType: string, content: string): MessageContent {
  return { msgtype: msgType, [msgType]: JSON.parse(content) as unknown } as unknown as MessageContent;
}
