import { z } from 'zod';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { createDraft } from './create-draft.ts';
import { deleteDraft } from './delete-draft.ts';
import { presentDraftArticle, presentDraftItem } from './drafts.presenter.ts';
import {
  AddDraftBodySchema,
  BatchgetDraftBodySchema,
  DraftMediaIdBodySchema,
  UpdateDraftBodySchema,
} from './drafts.schemas.ts';
import { countAccountDrafts, findDrafts } from './find-drafts.ts';
import { getDraft } from './get-draft.ts';
import { updateDraft } from './update-draft.ts';

const OK = { errcode: 0, errmsg: 'ok' } as const;

/**
 * The draft box (草稿箱, spec §13.1). WeChat lets every subscription and
 * service account keep drafts (draft_count's 适用范围: ✔ for both); only
 * publishing them needs the draft_publish permission.
 */
export const draftOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/draft/add',
    summary: 'Create a draft of 1 to 8 articles (news or newspic)',
    auth: 'access_token',
    capability: 'basic',
    body: AddDraftBodySchema,
    handler: async ({ ctx, account, body }) => ({
      media_id: (await createDraft(ctx, account.id, body.articles)).media_id,
    }),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/draft/get',
    summary: 'A draft’s articles (news_item, with a preview url and thumb_url)',
    auth: 'access_token',
    capability: 'basic',
    body: DraftMediaIdBodySchema,
    handler: async ({ ctx, account, body }) => {
      const { articles } = await getDraft(ctx, account.id, body.media_id);
      return { news_item: articles.map((a) => presentDraftArticle(ctx, a)) };
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/draft/update',
    summary: 'Replace one article (0-based index; `articles` is one object) of a draft',
    auth: 'access_token',
    capability: 'basic',
    body: UpdateDraftBodySchema,
    handler: async ({ ctx, account, body }) => {
      await updateDraft(ctx, account.id, body.media_id, body.index, body.articles);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/draft/delete',
    summary: 'Delete a draft',
    auth: 'access_token',
    capability: 'basic',
    body: DraftMediaIdBodySchema,
    handler: async ({ ctx, account, body }) => {
      await deleteDraft(ctx, account.id, body.media_id);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/draft/count',
    summary: 'How many drafts the account holds',
    auth: 'access_token',
    capability: 'basic',
    handler: async ({ ctx, account }) => ({ total_count: await countAccountDrafts(ctx, account.id) }),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/draft/batchget',
    summary: 'A page of drafts, most recently updated first (count 1..20, no_content 1 leaves out content)',
    auth: 'access_token',
    capability: 'basic',
    body: BatchgetDraftBodySchema,
    handler: async ({ ctx, account, body }) => {
      const page = await findDrafts(ctx, account.id, body.offset, body.count);
      const item = page.rows.map(({ draft, articles }) =>
        presentDraftItem(ctx, draft, articles, body.no_content !== 1),
      );
      return { total_count: page.total, item_count: item.length, item };
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/draft/switch',
    summary: 'Open the draft box (checkonly=1 only asks); it is always open here',
    auth: 'access_token',
    capability: 'basic',
    query: z.object({ checkonly: z.string().optional() }).loose(),
    // WeChat's switch turns the draft box on for accounts that predate it and
    // cannot turn it off. Every account here is created with it open, so
    // both the switch and the check answer is_open 1.
    handler: async () => ({ ...OK, is_open: 1 }),
  }),
];
