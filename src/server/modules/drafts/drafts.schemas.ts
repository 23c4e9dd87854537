import { z } from 'zod';

/** A draft holds 1 to 8 articles (spec §13.1). */
export const MAX_DRAFT_ARTICLES = 8;

/**
 * draft/add's own limits, stricter than add_news's (WeChat's draft_add
 * page: a title of at most 32 characters, an author of at most 16).
 */
export const DRAFT_LIMITS = { title: 32, author: 16 } as const;

/** A newspic (image post) shows 1 to 20 images. */
export const MAX_NEWSPIC_IMAGES = 20;

/** The single-article digest WeChat fills in when none is given: the text's first 54 characters. */
export const DEFAULT_DIGEST_CHARS = 54;

/** 0/1 flags as WeChat sends them; booleans and numeric strings are accepted too. */
const Flag = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => (v === true || Number(v) === 1 ? 1 : 0))
  .default(0);

/** One article of a draft (draft/add, draft/update). Limits are checked separately, with WeChat's errcodes. */
export const DraftArticleSchema = z.object({
  /** `news` (rich text, the default) or `newspic` (image post); anything else is 40035. */
  article_type: z.string().default('news'),
  title: z.string().default(''),
  author: z.string().default(''),
  /** Single-article drafts only; empty means the first 54 characters of the text. */
  digest: z.string().default(''),
  /** HTML for news; plain text for newspic. */
  content: z.string().default(''),
  /** The "read original" link. */
  content_source_url: z.string().default(''),
  /** news: a permanent image material of the account (required); newspic: optional. */
  thumb_media_id: z.string().default(''),
  /** Legacy; stored and echoed. */
  show_cover_pic: Flag,
  need_open_comment: Flag,
  only_fans_can_comment: Flag,
  /** "X1_Y1_X2_Y2" in 0..1 of the cover for 2.35:1. */
  pic_crop_235_1: z.string().default(''),
  /** "X1_Y1_X2_Y2" in 0..1 of the cover for 1:1. */
  pic_crop_1_1: z.string().default(''),
  /** newspic only: the images, each a permanent image material. */
  image_info: z
    .object({ image_list: z.array(z.object({ image_media_id: z.string() }).loose()).default([]) })
    .loose()
    .optional(),
});
export type DraftArticle = z.output<typeof DraftArticleSchema>;

/** `draft/add`: a missing or empty list is 44003, more than 8 articles 45008. */
export const AddDraftBodySchema = z.object({
  articles: z.array(DraftArticleSchema).default([]),
});

/** `draft/update`: ONE article (an object, not a list) replaces the one at 0-based `index`. */
export const UpdateDraftBodySchema = z.object({
  media_id: z.string().default(''),
  index: z.coerce.number().int(),
  articles: DraftArticleSchema,
});

/** `draft/get` and `draft/delete`: an unknown or missing id is 40007. */
export const DraftMediaIdBodySchema = z.object({
  media_id: z.string().default(''),
});

/** `draft/batchget`: count 1..20; `no_content` 1 leaves out each article's content. */
export const BatchgetDraftBodySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(20).default(20),
  no_content: z.coerce.number().int().min(0).max(1).default(0),
});

/** Our own API: one page of an account's drafts, newest first. */
export const ListDraftsQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(100).default(20),
});

/** Our own API: a whole draft's articles, in order (create, or replace them all). */
export const DraftArticlesBodySchema = z.object({
  articles: z.array(DraftArticleSchema).default([]),
});
