import { z } from 'zod';
import { IntLikeSchema } from '../masssend/masssend.schemas.ts';

/** `freepublish/submit`: the draft to publish (40007 when unknown). */
export const SubmitBodySchema = z.object({
  media_id: z.string().default(''),
});

/** `freepublish/get`: publish_id as a JSON number or a decimal string (spec §13.2, Appendix A.3). */
export const PublishIdBodySchema = z.object({
  publish_id: IntLikeSchema,
});

/** `freepublish/getarticle`. */
export const ArticleIdBodySchema = z.object({
  article_id: z.string().default(''),
});

/** `freepublish/delete`: `index` 1-based; 0 or missing deletes every article. */
export const DeletePublishedBodySchema = z.object({
  article_id: z.string().default(''),
  index: z.coerce.number().int().min(0).default(0),
});

/** `freepublish/batchget`: count 1..20; `no_content` 1 leaves out each article's content. */
export const BatchgetPublishedBodySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(20).default(20),
  no_content: z.coerce.number().int().min(0).max(1).default(0),
});

/** Our own API: publish a draft now, or at `publish_at` (epoch ms on the platform clock). */
export const SchedulePublicationBodySchema = z.object({
  draft_media_id: z.string().min(1),
  /** In the future: the publish runs then (cancelable until it does); otherwise now. */
  publish_at: z.number().int().min(0).optional(),
});

/** Our own API: one page of an account's publications, newest first. */
export const ListPublicationsQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(100).default(20),
});

/** Our own API: a word the organisation's publish check refuses. */
export const CreateSensitiveWordSchema = z.object({
  /** Matched case-insensitively anywhere in a title, author, digest or the article's text. */
  word: z.string().trim().min(1).max(64),
});
