import { z } from 'zod';
import { NewsArticleSchema } from '../materials/materials.schemas.ts';

/** An integer sent as a JSON number or a decimal string (SDKs do both for ids, spec §0.4). */
export const IntLikeSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d{1,16}$/)
    .transform(Number),
]);

/**
 * What sendall, send and preview share. The message object itself is read
 * after `msgtype` is known (mass-message.ts), so an unknown msgtype answers
 * 40008 rather than 47001.
 */
const MessageFields = {
  msgtype: z.string().max(32),
  /** 1: go on when an article is judged a reprint that may be reprinted. */
  send_ignore_reprint: z.union([z.number().int(), z.boolean()]).optional(),
  /** De-duplication id for 24 hours; at most 64 characters (45067). */
  clientmsgid: z.string().optional(),
};

/** Body of `/cgi-bin/message/mass/sendall`. */
export const SendAllBodySchema = z
  .object({
    filter: z
      .object({
        /** true: every follower. Missing means false (wechat-api's legacy tag send omits it). */
        is_to_all: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
        tag_id: IntLikeSchema.optional(),
        /** The pre-tag name wechat-api still sends (spec A.8): read as tag_id. */
        group_id: IntLikeSchema.optional(),
      })
      .loose()
      .optional(),
    ...MessageFields,
  })
  .loose();
export type SendAllBody = z.infer<typeof SendAllBodySchema>;

/** Body of `/cgi-bin/message/mass/send`: 2–10,000 openids. */
export const SendBodySchema = z.object({ touser: z.array(z.string().max(64)), ...MessageFields }).loose();
export type SendBody = z.infer<typeof SendBodySchema>;

/** Body of `/cgi-bin/message/mass/preview`: `touser` (openid) or `towxname` (WeChat id). */
export const PreviewBodySchema = z
  .object({
    touser: z.string().max(64).optional(),
    towxname: z.string().max(64).optional(),
    ...MessageFields,
  })
  .loose();
export type PreviewBody = z.infer<typeof PreviewBodySchema>;

/** Body of `/cgi-bin/message/mass/delete`. */
export const DeleteBodySchema = z.object({
  msg_id: IntLikeSchema.optional(),
  /** 0 or missing: every article; 1..n: that article only. */
  article_idx: IntLikeSchema.optional(),
  /** Without msg_id: the URL of the one article to delete. */
  url: z.string().max(2048).optional(),
});

/** Body of `/cgi-bin/message/mass/get`. */
export const GetBodySchema = z.object({ msg_id: IntLikeSchema });

/** Body of `/cgi-bin/message/mass/speed/set`: checked by hand for 45084 and 45083. */
export const SpeedSetBodySchema = z.object({ speed: z.unknown().optional() }).loose();

/** Query of the console's mass-send list. */
export const FindMassSendsQuerySchema = z.object({
  /** Only sends in this state. */
  status: z.enum(['queued', 'sending', 'sent', 'failed', 'cancelled', 'deleted']).optional(),
  /** Page size, 1–100. Default 20. */
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** msg_id of the last item of the previous page (newest first). */
  before: z.coerce.number().int().optional(),
});
export type FindMassSendsQuery = z.infer<typeof FindMassSendsQuerySchema>;

/** Body of `/cgi-bin/media/uploadnews`: 1–8 articles as add_news takes them (an empty list is 44003). */
export const UploadNewsBodySchema = z.object({
  articles: z.array(NewsArticleSchema).default([]),
});

/** Body of `/cgi-bin/media/uploadvideo`: a video media_id with the title and description followers see. */
export const UploadVideoBodySchema = z.object({
  media_id: z.string().default(''),
  title: z.string().optional(),
  description: z.string().optional(),
});
export type UploadVideoBody = z.infer<typeof UploadVideoBodySchema>;

/** Body of the console's `POST …/mass-sends/news`: one published article (its id in the console's list) to send as mpnews. */
export const PublishedArticleNewsBodySchema = z.object({ article_id: z.string().min(1).max(128) });

/** Who a console send goes to: every follower, one tag, or 2–10,000 openids. */
const ConsoleTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('tag'), tag_id: z.number().int() }),
  z.object({ type: z.literal('openids'), openids: z.array(z.string().max(64)) }),
]);

/**
 * Body of the console's `POST /gz/v1/accounts/:appid/mass-sends`: the
 * target, then the message exactly as sendall takes it (`msgtype` and its
 * object), and `send_at` (epoch ms, platform clock) for a scheduled send.
 */
export const ConsoleMassSendBodySchema = z
  .object({
    target: ConsoleTargetSchema,
    /** Start the send at this time (epoch ms on the platform clock) instead of now. */
    send_at: z.number().int().positive().optional(),
    ...MessageFields,
  })
  .loose();
export type ConsoleMassSendBody = z.infer<typeof ConsoleMassSendBodySchema>;

/** Body of the console's preview: a follower by `openid` or `wechat_id`, and the message. */
export const ConsolePreviewBodySchema = z
  .object({
    openid: z.string().max(64).optional(),
    wechat_id: z.string().max(64).optional(),
    ...MessageFields,
  })
  .loose();
export type ConsolePreviewBody = z.infer<typeof ConsolePreviewBodySchema>;

/** Query of the quota forecast: the whole audience, or one tag. */
export const ForecastQuerySchema = z.object({
  tag_id: z.coerce.number().int().optional(),
});
