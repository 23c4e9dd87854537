import { z } from 'zod';
import { NumericIdSchema } from '../../wechat/schemas.ts';
import { READ_SOURCES } from './article-reader.ts';

/** Where the reader opened the article. */
export const ReadSourceSchema = z.enum(READ_SOURCES);

/** Body of `POST /users/:user_id/articles/:article_id/read`. */
export const ReadBodySchema = z.object({ source: ReadSourceSchema }).strict();

/** Optional body of like/wow (POST and DELETE): the read's source, for the event log. */
export const ReactionBodySchema = z
  .object({ source: ReadSourceSchema.optional() })
  .strict()
  .optional()
  .transform((v) => v ?? {});

/** Body of `POST …/share`: to a friend's chat or to Moments. */
export const ShareBodySchema = z
  .object({ to: z.enum(['friend', 'moments']), source: ReadSourceSchema.optional() })
  .strict();

/** Body of `POST …/comments`. */
export const CommentBodySchema = z
  .object({
    /** 1–600 characters (checked after trimming). */
    content: z.string().max(4000),
    source: ReadSourceSchema.optional(),
  })
  .strict();

/** Query of the console's article list (and its search). */
export const ArticleListQuerySchema = z.object({
  /** Search words (title, digest, text; any substring, CJK included). Live articles only. */
  q: z.string().trim().max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Query of the follower-facing search. */
export const ArticleSearchQuerySchema = ArticleListQuerySchema.extend({
  q: z.string().trim().min(1).max(100),
});

/** Query of the console's comment list (comment/list's paging and type). */
export const ConsoleCommentsQuerySchema = z.object({
  /** 0 all, 1 normal, 2 elected. */
  type: z.coerce
    .number()
    .pipe(z.union([z.literal(0), z.literal(1), z.literal(2)]))
    .default(0),
  begin: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(50).default(50),
});

/** Body of the console's reply. */
export const ConsoleReplyBodySchema = z.object({ content: z.string().max(4000) }).strict();

/** The article comment/* address: msg_data_id and the 0-based index (default 0). */
export const CommentArticleBodySchema = z.object({
  msg_data_id: NumericIdSchema,
  index: NumericIdSchema.default(0).pipe(z.number().int().min(0).max(7)),
});

/** comment/list. */
export const CommentListBodySchema = CommentArticleBodySchema.extend({
  begin: NumericIdSchema.pipe(z.number().int().min(0)),
  /** 1–50: checked by the operation (88010). */
  count: NumericIdSchema,
  /** 0 all, 1 normal, 2 elected. */
  type: NumericIdSchema.pipe(z.union([z.literal(0), z.literal(1), z.literal(2)])),
});

/** comment/markelect, unmarkelect, delete, reply/delete. */
export const CommentTargetBodySchema = CommentArticleBodySchema.extend({
  user_comment_id: NumericIdSchema,
});

/** comment/reply/add. */
export const CommentReplyBodySchema = CommentTargetBodySchema.extend({
  /** Checked by the operation (88007 when empty or too long). */
  content: z.string().max(100_000),
});
