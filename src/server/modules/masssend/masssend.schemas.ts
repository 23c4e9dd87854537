import { z } from 'zod';

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
  msg_id: IntLikeSchema,
  /** 0 or missing: every article; 1..n: that article only. */
  article_idx: IntLikeSchema.optional(),
  /** Delete by article URL (accepted; our articles have no public pages yet, so msg_id decides). */
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
