import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.ts';
import { firstQueryValue } from '../../http/request-state.ts';
import { selectArticleById } from './articles.queries.ts';
import { previewArticle } from './preview-article.ts';
import {
  ARTICLE_PAGE_CSP,
  renderArticleDeleted,
  renderArticleNotFound,
  renderArticlePage,
  renderArticlePreview,
} from './render-article-page.ts';
import { viewArticle } from './view-article.ts';

/**
 * `GET /s/:id`: the public page of a published article (articleUrl), and
 * the preview of a news material or draft article (`/s/<media_id>?idx=n`,
 * 1-based), both server-rendered HTML. No admin key and no side effects:
 * reads are counted when the follower client posts them.
 */
export async function articlePages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Params: { id: string } }>('/s/:id', { schema: { hide: true } }, async (request, reply) => {
    const { id } = request.params;
    const article = await selectArticleById(ctx.db, id);
    if (article) {
      if (article.deleted_at !== null) return sendPage(reply, 200, renderArticleDeleted());
      return sendPage(reply, 200, renderArticlePage(await viewArticle(ctx, article.id, null)));
    }
    const idx = Number(firstQueryValue((request.query as Record<string, unknown>).idx) ?? '1');
    const preview = Number.isInteger(idx) && idx >= 1 && idx <= 8 ? await previewArticle(ctx, id, idx) : null;
    if (preview) return sendPage(reply, 200, renderArticlePreview(preview));
    return sendPage(reply, 404, renderArticleNotFound());
  });
}

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', ARTICLE_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .send(html);
}
