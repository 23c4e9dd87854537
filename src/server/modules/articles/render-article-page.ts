import { escapeHtml } from '../webauth/render-authorize-page.ts';
import { presentReaderComment } from './articles.presenter.ts';
import type { ArticleView } from './view-article.ts';
import { coverPath } from './articles.presenter.ts';

/**
 * What the article pages may load: their own images and videos and inline
 * styles, nothing else. Content is sanitised when recorded; this is the
 * second fence should anything ever slip through.
 */
export const ARTICLE_PAGE_CSP =
  "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** Beijing time as WeChat's article pages print it: `2026-11-21 18:30`. */
export function beijingTime(epochMs: number): string {
  const d = new Date(epochMs + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<title>${escapeHtml(title)}</title>
<style>
body{margin:0;background:#fff;color:rgba(0,0,0,.9);font-family:-apple-system,BlinkMacSystemFont,"Helvetica Neue","PingFang SC","Hiragino Sans GB","Microsoft YaHei UI","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",Arial,sans-serif;-webkit-text-size-adjust:100%}
.rich_media{max-width:677px;margin:0 auto;padding:20px 16px 40px}
.rich_media_title{font-size:22px;line-height:1.4;margin:0 0 14px;font-weight:500}
.rich_media_meta{font-size:15px;color:rgba(0,0,0,.3);margin-bottom:22px;line-height:20px}
.rich_media_meta span,.rich_media_meta em{margin-right:10px;font-style:normal}
.rich_media_meta .account{color:#576b95}
.cover{width:100%;aspect-ratio:2.35/1;object-fit:cover;border-radius:4px;margin-bottom:20px;display:block}
.rich_media_content{font-size:17px;line-height:1.6;overflow:hidden;word-wrap:break-word;text-align:justify}
.rich_media_content img,.rich_media_content video{max-width:100%!important;height:auto!important}
.rich_media_content blockquote{border-left:3px solid #dbdbdb;margin:0 0 16px;padding:4px 0 4px 10px;color:rgba(0,0,0,.5)}
.original{display:inline-block;margin-top:24px;color:#576b95;font-size:15px;text-decoration:none}
.tool{display:flex;gap:18px;margin-top:28px;font-size:15px;color:rgba(0,0,0,.5)}
.readonly{margin-top:12px;font-size:13px;color:rgba(0,0,0,.3)}
.comments{margin-top:36px;border-top:1px solid rgba(0,0,0,.05);padding-top:16px}
.comments h2{font-size:15px;font-weight:400;color:rgba(0,0,0,.5);margin:0 0 12px}
.comment{padding:10px 0}
.comment .nickname{font-size:14px;color:rgba(0,0,0,.5)}
.comment .content{font-size:16px;margin-top:4px;white-space:pre-wrap;word-wrap:break-word}
.comment .reply{margin-top:8px;padding-left:10px;border-left:2px solid #07c160;font-size:15px;color:rgba(0,0,0,.7);white-space:pre-wrap}
.notice{text-align:center;padding:120px 16px;color:rgba(0,0,0,.5);font-size:17px}
.preview{background:#fff7e6;color:#fa9d3b;font-size:13px;padding:8px 16px;text-align:center}
</style></head><body>${body}</body></html>`;
}

/** The page of an article that no longer exists or never did (HTTP 404). */
export function renderArticleNotFound(): string {
  return page(
    '此内容不存在',
    `<div class="notice" data-testid="notice">此内容不存在<br><small>This article does not exist.</small></div>`,
  );
}

/** What readers of a deleted article see, as WeChat words it. */
export function renderArticleDeleted(): string {
  return page('该内容已被发布者删除', `<div class="notice" data-testid="notice">该内容已被发布者删除</div>`);
}

interface ArticleBody {
  title: string;
  author: string;
  accountName: string;
  /** Already sanitised HTML. */
  content: string;
  contentSourceUrl: string;
  cover: string | null;
  publishedAt: number | null;
}

function articleHeader(a: ArticleBody): string {
  const meta = [
    a.author ? `<span class="author" data-testid="author">${escapeHtml(a.author)}</span>` : '',
    `<span class="account" data-testid="account">${escapeHtml(a.accountName)}</span>`,
    a.publishedAt !== null ? `<em class="date" data-testid="date">${beijingTime(a.publishedAt)}</em>` : '',
  ].join('');
  const original = /^https?:\/\//i.test(a.contentSourceUrl)
    ? `<a class="original" data-testid="original" href="${escapeHtml(a.contentSourceUrl)}" rel="noopener noreferrer nofollow">阅读原文</a>`
    : '';
  return `<h1 class="rich_media_title" data-testid="title">${escapeHtml(a.title)}</h1>
<div class="rich_media_meta">${meta}</div>
${a.cover ? `<img class="cover" data-testid="cover" src="${escapeHtml(a.cover)}" alt="">` : ''}
<div class="rich_media_content" id="js_content" data-testid="content">${a.content}</div>
${original}`;
}

/**
 * The public page of a published article (`/s/:id`): title, author,
 * account, date, cover, the sanitised content, 阅读原文, the counts and the
 * elected comments with the account's replies. Without a follower identity
 * it is read-only: liking, wowing, sharing and commenting happen in the
 * follower client, through /gz/v1/users/:user_id/articles/….
 */
export function renderArticlePage(view: ArticleView): string {
  const { article, account } = view;
  const comments = view.comments.map((c) => presentReaderComment(c, null));
  const list = comments
    .map(
      (c) => `<div class="comment" data-testid="comment">
<div class="nickname">${escapeHtml(c.nickname)}</div>
<div class="content">${escapeHtml(c.content)}</div>
${c.reply ? `<div class="reply" data-testid="reply">作者 ${escapeHtml(c.reply.content)}</div>` : ''}
</div>`,
    )
    .join('');
  const commentsBlock =
    article.need_open_comment === 1 || comments.length > 0
      ? `<div class="comments"><h2>精选留言</h2>${list || '<div class="readonly">暂无精选留言</div>'}</div>`
      : '';
  return page(
    article.title,
    `<div class="rich_media">
${articleHeader({
  title: article.title,
  author: article.author,
  accountName: account.name,
  content: article.content,
  contentSourceUrl: article.content_source_url,
  cover: coverPath(article),
  publishedAt: article.published_at,
})}
<div class="tool">
<span data-testid="read-count">阅读 ${article.read_count}</span>
<span data-testid="like-count">赞 ${article.like_count}</span>
<span data-testid="wow-count">在看 ${article.wow_count}</span>
</div>
<div class="readonly">在公众号里打开可点赞、在看、分享和留言</div>
${commentsBlock}
</div>`,
  );
}

/**
 * The preview of a news material or draft article (`/s/<media_id>?idx=n`,
 * the `url` WeChat hands out for them): the article as it will read, marked
 * as a preview, with no counts or comments. The content is sanitised on the
 * way out, since materials are stored as given.
 */
export function renderArticlePreview(a: ArticleBody): string {
  return page(
    a.title,
    `<div class="preview" data-testid="preview">预览 · 此内容尚未发表</div><div class="rich_media">${articleHeader(a)}</div>`,
  );
}
