import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, ArticleFields, MediaType } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { mediaUrl } from '../media/media-url.ts';
import { loadMpnewsArticles } from './mass-articles.ts';
import { selectLiveMassMedia } from './mass-media.queries.ts';

/** The msgtypes sendall, send and preview take (spec §8.1). */
export const MASS_MSGTYPES = ['mpnews', 'text', 'voice', 'image', 'mpvideo', 'wxcard'] as const;

/** Most images in one multi-image mass message (the web console's picture-message limit). */
export const MAX_MASS_IMAGES = 20;

const MediaId = z.string().min(1).max(128);

const TYPE_SCHEMAS = {
  text: z.object({ content: z.string().min(1).max(20_000) }),
  mpnews: z.object({ media_id: MediaId }),
  voice: z.object({ media_id: MediaId }),
  image: z.object({ media_id: MediaId }),
  images: z.object({
    media_ids: z.array(MediaId).min(1).max(MAX_MASS_IMAGES),
    recommend: z.string().max(1024).optional(),
    need_open_comment: z.union([z.literal(0), z.literal(1)]).optional(),
    only_fans_can_comment: z.union([z.literal(0), z.literal(1)]).optional(),
  }),
  mpvideo: z.object({
    media_id: MediaId,
    title: z.string().max(256).optional(),
    description: z.string().max(1024).optional(),
  }),
  wxcard: z.object({ card_id: z.string().min(1).max(128) }),
} as const;

/**
 * A mass message as stored and as followers receive it: `msg_type` is the
 * msgtype, except a multi-image message, stored as `images` (its object key
 * on the wire). mpnews content gets its article count and links once the
 * send records its articles (recordMassArticles).
 */
export interface MassMessage {
  msgType: keyof typeof TYPE_SCHEMAS;
  content: Record<string, unknown>;
  /** mpnews: how many articles it carries (mass/delete's article_idx range). */
  articleCount: number | null;
  /** mpnews: the articles, read from their source when the send is made. */
  articles: ArticleFields[] | null;
  /** mpnews of a draft: its media_id (a real send removes the draft from the box, as WeChat does). */
  draftMediaId: string | null;
}

/**
 * Reads the message of a sendall/send/preview body: 40008 for a msgtype
 * mass send does not take, 47001 when its object is malformed, 40007 when
 * a media_id is not a live media of the right type of this account, an
 * mpnews media_id is none of its news materials, live uploadnews ids or
 * drafts, or an mpvideo media_id is not a live uploadvideo id.
 */
export async function readMassMessage(
  ctx: AppContext,
  account: AccountsTable,
  body: Record<string, unknown> & { msgtype: string },
): Promise<MassMessage> {
  if (!(MASS_MSGTYPES as readonly string[]).includes(body.msgtype))
    throw new AppError(
      'INVALID_MSGTYPE',
      `msgtype ${body.msgtype} is not one of ${MASS_MSGTYPES.join(', ')}`,
    );
  // A multi-image message keeps msgtype image and moves its object to `images`.
  const msgType =
    body.msgtype === 'image' && body.images !== undefined && body.image === undefined
      ? 'images'
      : (body.msgtype as MassMessage['msgType']);
  const parsed = TYPE_SCHEMAS[msgType].safeParse(body[msgType]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'BAD_REQUEST_BODY',
      `${[msgType, ...(issue?.path ?? [])].join('.')}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const content = parsed.data as Record<string, unknown>;
  let articleCount: number | null = null;
  let articles: ArticleFields[] | null = null;
  let draftMediaId: string | null = null;
  switch (msgType) {
    case 'voice':
      await checkMedia(ctx, account, String(content.media_id), ['voice'], 'voice.media_id');
      break;
    case 'image':
      await checkMedia(ctx, account, String(content.media_id), ['image'], 'image.media_id');
      break;
    case 'images':
      for (const id of content.media_ids as string[])
        await checkMedia(ctx, account, id, ['image'], 'images.media_ids');
      break;
    case 'mpvideo': {
      const video = await selectLiveMassMedia(
        ctx.db,
        account.id,
        String(content.media_id),
        'video',
        ctx.clock.now(),
      );
      if (!video)
        throw new AppError(
          'MEDIA_NOT_FOUND',
          `mpvideo.media_id ${String(content.media_id)} is not a live media/uploadvideo id of this account`,
        );
      // The message may retitle the video (mass/send takes title and description).
      content.title ??= video.title ?? '';
      content.description ??= video.description ?? '';
      content.video_url = mediaUrl(ctx, { media_id: video.video_media_id ?? '' });
      break;
    }
    case 'mpnews': {
      const loaded = await loadMpnewsArticles(ctx, account, String(content.media_id));
      articles = loaded.articles;
      if (loaded.source === 'draft') draftMediaId = String(content.media_id);
      articleCount = articles.length;
      content.article_count = articleCount;
      break;
    }
    case 'text':
    case 'wxcard':
      break;
  }
  return { msgType, content, articleCount, articles, draftMediaId };
}

async function checkMedia(
  ctx: AppContext,
  account: AccountsTable,
  mediaId: string,
  types: MediaType[],
  what: string,
): Promise<void> {
  const row = await ctx.db
    .selectFrom('media')
    .select(['type', 'expires_at'])
    .where('account_id', '=', account.id)
    .where('media_id', '=', mediaId)
    .executeTakeFirst();
  if (
    !row ||
    (row.expires_at !== null && Number(row.expires_at) <= ctx.clock.now()) ||
    !types.includes(row.type)
  )
    throw new AppError('MEDIA_NOT_FOUND', `${what} ${mediaId} is not a live ${types[0]} of this account`);
}
