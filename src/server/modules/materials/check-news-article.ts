import { AppError } from '../../errors.ts';
import { ARTICLE_LIMITS, type NewsArticle } from './materials.schemas.ts';

/**
 * Applies WeChat's article rules with their errcodes (§12.5, §13.1): a
 * title and content are required (40035), the title at most 64 characters
 * (45003), the digest at most 128 (45004), content under 20,000 characters
 * and 1 MB (45002), the source link http(s) (40066). `at` (0-based) names
 * the article in the hint. The cover material is checked by the caller,
 * which knows the account.
 */
export function checkNewsArticle(article: NewsArticle, at: number): void {
  const where = `article ${at}`;
  if (article.title.trim() === '') throw new AppError('INVALID_PARAMETER', `${where}: title is required`);
  if ([...article.title].length > ARTICLE_LIMITS.title) {
    throw new AppError('TITLE_TOO_LONG', `${where}: title is limited to ${ARTICLE_LIMITS.title} characters`);
  }
  if ([...article.author].length > ARTICLE_LIMITS.author) {
    throw new AppError(
      'INVALID_PARAMETER',
      `${where}: author is limited to ${ARTICLE_LIMITS.author} characters`,
    );
  }
  if ([...article.digest].length > ARTICLE_LIMITS.digest) {
    throw new AppError(
      'DESCRIPTION_TOO_LONG',
      `${where}: digest is limited to ${ARTICLE_LIMITS.digest} characters`,
    );
  }
  if (article.content.trim() === '') throw new AppError('INVALID_PARAMETER', `${where}: content is required`);
  if (
    [...article.content].length >= ARTICLE_LIMITS.contentChars ||
    Buffer.byteLength(article.content) >= ARTICLE_LIMITS.contentBytes
  ) {
    throw new AppError('CONTENT_TOO_LONG', `${where}: content must stay under 20,000 characters and 1 MB`);
  }
  if (article.content_source_url !== '' && !isHttpUrl(article.content_source_url)) {
    throw new AppError('URL_INVALID', `${where}: content_source_url must be an http(s) URL`);
  }
}

function isHttpUrl(text: string): boolean {
  if (text.length > ARTICLE_LIMITS.url) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
