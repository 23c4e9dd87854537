import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { deletePublishedArticle } from './delete-published-article.ts';
import { findPublications } from './find-publications.ts';
import { getPublication } from './get-publication.ts';
import { getPublishedArticle } from './get-published-article.ts';
import {
  presentPublishedArticle,
  presentPublishedItem,
  presentPublishStatus,
} from './publishing.presenter.ts';
import {
  ArticleIdBodySchema,
  BatchgetPublishedBodySchema,
  DeletePublishedBodySchema,
  PublishIdBodySchema,
  SubmitBodySchema,
} from './publishing.schemas.ts';
import { submitPublication } from './submit-publication.ts';

const OK = { errcode: 0, errmsg: 'ok' } as const;

/** Publishing (发布能力, spec §13.2). */
export const publishingOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/freepublish/submit',
    summary: 'Publish a draft: a job runs the publish check and pushes PUBLISHJOBFINISH',
    auth: 'access_token',
    capability: 'draft_publish',
    body: SubmitBodySchema,
    handler: async ({ ctx, account, body }) => {
      const row = await submitPublication(ctx, account, body.media_id);
      return { ...OK, publish_id: row.publish_id, msg_data_id: row.msg_data_id };
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/freepublish/get',
    summary: 'A publication’s status (0 success … 6 banned), article_id and links, or fail_idx',
    auth: 'access_token',
    capability: 'draft_publish',
    body: PublishIdBodySchema,
    handler: async ({ ctx, account, body }) => {
      const { row, articles } = await getPublication(ctx, account.id, body.publish_id);
      return presentPublishStatus(ctx, row, articles);
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/freepublish/delete',
    summary: 'Delete a published article (index 1-based) or all of them (index 0 or missing)',
    auth: 'access_token',
    capability: 'draft_publish',
    body: DeletePublishedBodySchema,
    handler: async ({ ctx, account, body }) => {
      await deletePublishedArticle(ctx, account.id, body.article_id, body.index);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/freepublish/getarticle',
    summary: 'The articles of a publication (news_item with url and is_deleted)',
    auth: 'access_token',
    capability: 'draft_publish',
    body: ArticleIdBodySchema,
    handler: async ({ ctx, account, body }) => {
      const { articles } = await getPublishedArticle(ctx, account.id, body.article_id);
      return { news_item: articles.map((a) => presentPublishedArticle(ctx, a)) };
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/freepublish/batchget',
    summary: 'A page of successful publications, newest first (count 1..20, no_content)',
    auth: 'access_token',
    capability: 'draft_publish',
    body: BatchgetPublishedBodySchema,
    handler: async ({ ctx, account, body }) => {
      const page = await findPublications(ctx, account.id, {
        offset: body.offset,
        count: body.count,
        successfulOnly: true,
      });
      const item = page.rows.map(({ row, articles }) =>
        presentPublishedItem(ctx, row, articles, body.no_content !== 1),
      );
      return { total_count: page.total, item_count: item.length, item };
    },
  }),
];
