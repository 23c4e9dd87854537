import { z } from 'zod';

/**
 * Most permanent materials an account may hold (§12.5, current docs): images
 * (thumbs count as images) and news 100,000 each, voice and video 1,000 each.
 */
export const MATERIAL_LIMITS = {
  image: 100_000,
  voice: 1_000,
  video: 1_000,
  news: 100_000,
} as const;

/** The types batchget_material lists and get_materialcount counts. */
export type MaterialKind = keyof typeof MATERIAL_LIMITS;

/** A video material's title and introduction: lengths of the mp web form. */
export const VIDEO_TITLE_MAX = 64;
export const VIDEO_INTRODUCTION_MAX = 120;

/** Article field limits (§12.5, §13.1): a title of 64 characters, a digest of 128, content under 20,000 characters and 1 MB. */
export const ARTICLE_LIMITS = {
  title: 64,
  author: 64,
  digest: 128,
  contentChars: 20_000,
  contentBytes: 1024 * 1024,
  url: 1024,
} as const;

/** A news material holds 1 to 8 articles. */
export const MAX_NEWS_ARTICLES = 8;

/** 0/1 flags as WeChat sends them; booleans and numeric strings are accepted too. */
const Flag = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => (v === true || Number(v) === 1 ? 1 : 0))
  .default(0);

/** One article of a news material (add_news / update_news, §12.5). Limits are checked separately, with WeChat's errcodes. */
export const NewsArticleSchema = z.object({
  title: z.string(),
  /** A permanent image or thumb material of the same account. */
  thumb_media_id: z.string(),
  author: z.string().default(''),
  /** Summary under the title; single-article news only in WeChat's UI. */
  digest: z.string().default(''),
  /** Show the cover at the top of the article body. */
  show_cover_pic: Flag,
  /** HTML. */
  content: z.string(),
  /** The "read original" link. */
  content_source_url: z.string().default(''),
  need_open_comment: Flag,
  only_fans_can_comment: Flag,
});
export type NewsArticle = z.output<typeof NewsArticleSchema>;

/** `material/add_news`: a missing or empty list is 44003, more than 8 articles 45008. */
export const AddNewsBodySchema = z.object({
  articles: z.array(NewsArticleSchema).default([]),
});

/** `material/update_news`: one article (an object, not a list) replaces the one at 0-based `index`. */
export const UpdateNewsBodySchema = z.object({
  media_id: z.string().default(''),
  index: z.coerce.number().int(),
  articles: NewsArticleSchema,
});

/** `get_material` and `del_material`: an unknown or missing id is 40007. */
export const MediaIdBodySchema = z.object({
  media_id: z.string().default(''),
});

/** `batchget_material`: the type is checked in the operation (40004), count 1..20. */
export const BatchgetMaterialBodySchema = z.object({
  type: z.string().default(''),
  offset: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(20).default(20),
});
export type BatchgetMaterialBody = z.output<typeof BatchgetMaterialBodySchema>;

/** A video material's `description` (JSON text in a form field or the query). */
export const VideoDescriptionSchema = z.object({
  title: z.string(),
  introduction: z.string().default(''),
});

/** Our own API: one page of an account's materials. */
export const ListMaterialsQuerySchema = z.object({
  /** image (thumbs included), voice, video or news. */
  type: z.enum(['image', 'voice', 'video', 'news']),
  offset: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(100).default(20),
});
