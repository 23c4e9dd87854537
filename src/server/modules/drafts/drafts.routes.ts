import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { createDraft } from './create-draft.ts';
import { deleteDraft } from './delete-draft.ts';
import { presentDraft } from './drafts.presenter.ts';
import { DraftArticleSchema, DraftArticlesBodySchema, ListDraftsQuerySchema } from './drafts.schemas.ts';
import { findDrafts } from './find-drafts.ts';
import { getDraft } from './get-draft.ts';
import { saveDraftArticles } from './save-draft-articles.ts';
import { updateDraft } from './update-draft.ts';

type ByAppid = { Params: { appid: string } };
type ByDraft = { Params: { appid: string; media_id: string } };
type ByArticle = { Params: { appid: string; media_id: string; index: string } };

const IndexParam = z.coerce.number().int().min(0);

/**
 * `/gz/v1/accounts/:appid/drafts`: the console's draft box over the same
 * operations as draft/* (list, one, create, save all articles, edit one,
 * delete).
 */
export async function draftRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Drafts'];
  const base = '/accounts/:appid/drafts';

  app.get<ByAppid>(
    base,
    {
      schema: {
        tags,
        summary: 'A page of drafts, most recently updated first',
        querystring: toJsonSchema(ListDraftsQuerySchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      const query = validate(ListDraftsQuerySchema, request.query);
      const page = await findDrafts(ctx, account.id, query.offset, query.count);
      return {
        total_count: page.total,
        items: page.rows.map(({ draft, articles }) => presentDraft(ctx, draft, articles)),
      };
    },
  );
  app.post<ByAppid>(
    base,
    {
      schema: {
        tags,
        summary: 'Create a draft (draft/add’s rules)',
        body: toJsonSchema(DraftArticlesBodySchema),
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      const body = validate(DraftArticlesBodySchema, request.body);
      const draft = await createDraft(ctx, account.id, body.articles);
      return reply
        .code(201)
        .send(presentDraft(ctx, draft, (await getDraft(ctx, account.id, draft.media_id)).articles));
    },
  );
  app.get<ByDraft>(`${base}/:media_id`, { schema: { tags, summary: 'One draft' } }, async (request) => {
    const account = await getAccount(ctx, request.params.appid);
    const { draft, articles } = await getDraft(ctx, account.id, request.params.media_id);
    return presentDraft(ctx, draft, articles);
  });
  app.put<ByDraft>(
    `${base}/:media_id`,
    {
      schema: {
        tags,
        summary: 'Save all of a draft’s articles (add, remove, reorder)',
        body: toJsonSchema(DraftArticlesBodySchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      const body = validate(DraftArticlesBodySchema, request.body);
      const { draft, articles } = await saveDraftArticles(
        ctx,
        account.id,
        request.params.media_id,
        body.articles,
      );
      return presentDraft(ctx, draft, articles);
    },
  );
  app.put<ByArticle>(
    `${base}/:media_id/articles/:index`,
    {
      schema: {
        tags,
        summary: 'Replace one article (0-based index), as draft/update',
        body: toJsonSchema(DraftArticleSchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      const article = validate(DraftArticleSchema, request.body);
      const index = validate(IndexParam, request.params.index);
      await updateDraft(ctx, account.id, request.params.media_id, index, article);
      const { draft, articles } = await getDraft(ctx, account.id, request.params.media_id);
      return presentDraft(ctx, draft, articles);
    },
  );
  app.delete<ByDraft>(
    `${base}/:media_id`,
    { schema: { tags, summary: 'Delete a draft' } },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      await deleteDraft(ctx, account.id, request.params.media_id);
      return reply.code(204).send();
    },
  );
}
