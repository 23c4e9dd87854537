import sanitizeHtml from 'sanitize-html';
import type { AppContext } from '../../context.ts';
import type { ArticleFields } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { checkNewsArticle } from '../materials/check-news-article.ts';
import { selectFileMaterial } from '../materials/materials.queries.ts';
import {
  DEFAULT_DIGEST_CHARS,
  DRAFT_LIMITS,
  MAX_NEWSPIC_IMAGES,
  type DraftArticle,
} from './drafts.schemas.ts';

/** "X1_Y1_X2_Y2": four numbers in 0..1, the first corner above and left of the second. */
const CROP = /^(\d+(?:\.\d+)?)_(\d+(?:\.\d+)?)_(\d+(?:\.\d+)?)_(\d+(?:\.\d+)?)$/;

/**
 * Checks one draft article against WeChat's rules (§13.1) and returns its
 * stored form. The text rules are add_news's (checkNewsArticle: 40035,
 * 45003, 45004, 45002, 40066) with draft_add's shorter title (32, 45003)
 * and author (16, 40035); on top: `article_type` news or newspic
 * (40035), crops in "X1_Y1_X2_Y2" form (40035), a news cover that is a
 * permanent image (or thumb) material of the account (40007), a newspic
 * with 1 to 20 images, each a permanent image material (40007). `single`
 * says whether the draft has one article: only then is there a digest, and
 * an empty one becomes the first 54 characters of the text.
 */
export async function checkDraftArticle(
  ctx: AppContext,
  accountId: string,
  article: DraftArticle,
  at: number,
  single: boolean,
): Promise<ArticleFields> {
  const where = `article ${at}`;
  if (article.article_type !== 'news' && article.article_type !== 'newspic')
    throw new AppError('INVALID_PARAMETER', `${where}: article_type must be news or newspic`);
  checkNewsArticle(article, at);
  if ([...article.title].length > DRAFT_LIMITS.title)
    throw new AppError(
      'TITLE_TOO_LONG',
      `${where}: a draft title is limited to ${DRAFT_LIMITS.title} characters`,
    );
  if ([...article.author].length > DRAFT_LIMITS.author)
    throw new AppError(
      'INVALID_PARAMETER',
      `${where}: a draft author is limited to ${DRAFT_LIMITS.author} characters`,
    );
  for (const field of ['pic_crop_235_1', 'pic_crop_1_1'] as const)
    if (article[field] !== '' && !isCrop(article[field]))
      throw new AppError(
        'INVALID_PARAMETER',
        `${where}: ${field} must be "X1_Y1_X2_Y2", coordinates from 0 to 1 with X1 < X2 and Y1 < Y2`,
      );

  let imageInfo: string | null = null;
  if (article.article_type === 'newspic') {
    const images = article.image_info?.image_list ?? [];
    if (images.length === 0 || images.length > MAX_NEWSPIC_IMAGES)
      throw new AppError(
        'INVALID_PARAMETER',
        `${where}: a newspic needs image_info.image_list with 1 to ${MAX_NEWSPIC_IMAGES} images`,
      );
    for (const image of images) await requireImageMaterial(ctx, accountId, image.image_media_id, where);
    imageInfo = JSON.stringify({ image_list: images.map((i) => ({ image_media_id: i.image_media_id })) });
    if (article.thumb_media_id !== '')
      await requireImageMaterial(ctx, accountId, article.thumb_media_id, where);
  } else {
    await requireImageMaterial(ctx, accountId, article.thumb_media_id, where);
  }

  return {
    article_type: article.article_type,
    title: article.title,
    author: article.author,
    // WeChat: "only single-article news has a digest; for several it is empty".
    digest: single ? article.digest || defaultDigest(article.content) : '',
    content: article.content,
    content_source_url: article.content_source_url,
    thumb_media_id: article.thumb_media_id,
    show_cover_pic: article.show_cover_pic,
    need_open_comment: article.need_open_comment,
    only_fans_can_comment: article.only_fans_can_comment,
    pic_crop_235_1: article.pic_crop_235_1,
    pic_crop_1_1: article.pic_crop_1_1,
    image_info: imageInfo,
  };
}

const BLOCK_END = /<\/(?:p|div|section|h[1-6]|li|blockquote|pre|td|tr)\s*>|<br\s*\/?>/gi;

/** The visible text of article HTML: tags, scripts and styles gone, whitespace collapsed. */
export function articleText(html: string): string {
  // A space after each block so paragraphs do not run together; inline tags join their text.
  const spaced = html.replace(BLOCK_END, '$& ');
  const escaped = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} });
  // sanitize-html escapes these four in text; the digest is plain text, so undo them.
  return escaped
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first 54 characters (code points, as WeChat counts) of the text. */
export function defaultDigest(html: string): string {
  return [...articleText(html)].slice(0, DEFAULT_DIGEST_CHARS).join('');
}

function isCrop(text: string): boolean {
  const m = CROP.exec(text);
  if (!m) return false;
  const [x1, y1, x2, y2] = m.slice(1).map(Number) as [number, number, number, number];
  return [x1, y1, x2, y2].every((v) => v >= 0 && v <= 1) && x1 < x2 && y1 < y2;
}

async function requireImageMaterial(
  ctx: AppContext,
  accountId: string,
  mediaId: string,
  where: string,
): Promise<void> {
  const row = mediaId ? await selectFileMaterial(ctx.db, accountId, mediaId) : undefined;
  if (!row || (row.type !== 'image' && row.type !== 'thumb'))
    throw new AppError(
      'MEDIA_NOT_FOUND',
      `${where}: ${mediaId || '(empty)'} is not a permanent image material of this account`,
    );
}
