import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import {
  presentArticleForReader,
  presentArticleSummary,
  presentConsoleComment,
  presentReaderComment,
} from './articles.presenter.ts';
import {
  ArticleListQuerySchema,
  ArticleSearchQuerySchema,
  CommentBodySchema,
  ConsoleCommentsQuerySchema,
  ConsoleReplyBodySchema,
  ReactionBodySchema,
  ReadBodySchema,
  ShareBodySchema,
} from './articles.schemas.ts';
import { commentOnArticle } from './comment-on-article.ts';
import { deleteCommentReply } from './delete-comment-reply.ts';
import { deleteComment } from './delete-comment.ts';
import { deleteOwnComment } from './delete-own-comment.ts';
import { setCommentElected } from './elect-comment.ts';
import { findArticles } from './find-articles.ts';
import { findComments } from './find-comments.ts';
import { getAccountArticle } from './get-article.ts';
import { setArticleReaction } from './react-to-article.ts';
import { readArticle } from './read-article.ts';
import { replyToComment } from './reply-to-comment.ts';
import { setCommentsOpen } from './set-comments-open.ts';
import { shareArticle } from './share-article.ts';
import { viewArticle } from './view-article.ts';

type ByReader = { Params: { user_id: string; article_id: string } };
type ByReaderComment = { Params: { user_id: string; article_id: string; user_comment_id: string } };
type ByAppid = { Params: { appid: string } };
type ByArticle = { Params: { appid: string; article_id: string } };
type ByComment = { Params: { appid: string; article_id: string; user_comment_id: string } };

const CommentNumberSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 31);
/** Body of `PUT …/comment-settings`: comment/open (true) or comment/close (false). */
export const CommentSettingsBodySchema = z.object({ open: z.boolean() }).strict();

/**
 * The reader's side of articles (`/gz/v1/users/:user_id/articles/…`, what
 * the follower client calls: view, read, like, wow, share, comment) and the
 * console's (`/gz/v1/accounts/:appid/articles…`: list and search with counts,
 * comment management over the same operations as comment/*), plus the
 * follower-facing search `/gz/v1/accounts/:appid/article-search`.
 */
export async function articleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Articles'];
  const reader = '/users/:user_id/articles/:article_id';
  const readerView = async (userId: string, articleId: string) => {
    const view = await viewArticle(ctx, articleId, userId);
    return presentArticleForReader(ctx, view.article, view.account, view.reader, view.comments);
  };

  app.get<ByReader>(
    reader,
    {
      schema: {
        tags,
        summary: 'An article for a reader: content, counts, their like/wow, elected comments and their own',
      },
    },
    async (request) => readerView(request.params.user_id, request.params.article_id),
  );
  app.post<ByReader>(
    `${reader}/read`,
    {
      schema: {
        tags,
        summary: 'The reader opened the article: read_count + 1 and an article_read event with the source',
        body: toJsonSchema(ReadBodySchema),
      },
    },
    async (request) => {
      const { source } = validate(ReadBodySchema, request.body);
      await readArticle(ctx, request.params.user_id, request.params.article_id, source);
      return readerView(request.params.user_id, request.params.article_id);
    },
  );
  for (const kind of ['like', 'wow'] as const) {
    const label = kind === 'like' ? 'Like (赞)' : 'Wow (在看)';
    for (const on of [true, false]) {
      const route = on ? app.post.bind(app) : app.delete.bind(app);
      route<ByReader>(
        `${reader}/${kind}`,
        {
          schema: {
            tags,
            summary: `${on ? '' : 'Undo: '}${label} the article (idempotent; the counter moves with it)`,
          },
        },
        async (request) => {
          const body = validate(ReactionBodySchema, request.body ?? undefined);
          await setArticleReaction(
            ctx,
            request.params.user_id,
            request.params.article_id,
            kind,
            on,
            body.source ?? null,
          );
          return readerView(request.params.user_id, request.params.article_id);
        },
      );
    }
  }
  app.post<ByReader>(
    `${reader}/share`,
    {
      schema: {
        tags,
        summary: 'Share the article to a friend or to Moments (share_count + 1, article_share event)',
        body: toJsonSchema(ShareBodySchema),
      },
    },
    async (request) => {
      const body = validate(ShareBodySchema, request.body);
      await shareArticle(
        ctx,
        request.params.user_id,
        request.params.article_id,
        body.to,
        body.source ?? null,
      );
      return readerView(request.params.user_id, request.params.article_id);
    },
  );
  app.post<ByReader>(
    `${reader}/comments`,
    {
      schema: {
        tags,
        summary: 'Write a comment (留言): comments open, followers only when only_fans_can_comment',
        body: toJsonSchema(CommentBodySchema),
      },
    },
    async (request, reply) => {
      const body = validate(CommentBodySchema, request.body);
      const comment = await commentOnArticle(
        ctx,
        request.params.user_id,
        request.params.article_id,
        body.content,
        body.source ?? null,
      );
      const nickname = (
        await ctx.db
          .selectFrom('users')
          .select('nickname')
          .where('id', '=', comment.user_id)
          .executeTakeFirstOrThrow()
      ).nickname;
      return reply.code(201).send(presentReaderComment({ ...comment, nickname }, comment.user_id));
    },
  );
  app.delete<ByReaderComment>(
    `${reader}/comments/:user_comment_id`,
    { schema: { tags, summary: 'The writer deletes their comment (comment/* answer 88004 for it)' } },
    async (request, reply) => {
      const number = validate(CommentNumberSchema, request.params.user_comment_id);
      await deleteOwnComment(ctx, request.params.user_id, request.params.article_id, number);
      return reply.code(204).send();
    },
  );

  // --- the console and search ---
  const list = async (appid: string, query: { q?: string | undefined; offset: number; limit: number }) => {
    const account = await getAccount(ctx, appid);
    const page = await findArticles(ctx, account.id, query);
    return { total_count: page.total, items: page.rows.map((r) => presentArticleSummary(ctx, r)) };
  };
  app.get<ByAppid>(
    '/accounts/:appid/articles',
    {
      schema: {
        tags,
        summary: "The account's published articles with counts, newest first; `q` searches the live ones",
        querystring: toJsonSchema(ArticleListQuerySchema),
      },
    },
    async (request) => list(request.params.appid, validate(ArticleListQuerySchema, request.query)),
  );
  app.get<ByAppid>(
    '/accounts/:appid/article-search',
    {
      schema: {
        tags,
        summary:
          "Search the account's published articles (follower side): title matches first, then newest; CJK-aware",
        querystring: toJsonSchema(ArticleSearchQuerySchema),
      },
    },
    async (request) => list(request.params.appid, validate(ArticleSearchQuerySchema, request.query)),
  );

  const article = async (params: ByArticle['Params']) => {
    const account = await getAccount(ctx, params.appid);
    return getAccountArticle(ctx, account.id, params.article_id);
  };
  const base = '/accounts/:appid/articles/:article_id';
  app.get<ByArticle>(
    base,
    { schema: { tags, summary: 'One article with its content and counts' } },
    async (request) => {
      const row = await article(request.params);
      return { ...presentArticleSummary(ctx, row), content: row.content };
    },
  );
  app.put<ByArticle>(
    `${base}/comment-settings`,
    {
      schema: {
        tags,
        summary: 'Open or close comments (comment/open, comment/close)',
        body: toJsonSchema(CommentSettingsBodySchema),
      },
    },
    async (request) => {
      const { open } = validate(CommentSettingsBodySchema, request.body);
      const row = await article(request.params);
      await setCommentsOpen(ctx, row, open);
      return { open };
    },
  );
  app.get<ByArticle>(
    `${base}/comments`,
    {
      schema: {
        tags,
        summary: 'Comments of an article, oldest first (comment/list: type 0 all, 1 normal, 2 elected)',
        querystring: toJsonSchema(ConsoleCommentsQuerySchema),
      },
    },
    async (request) => {
      const query = validate(ConsoleCommentsQuerySchema, request.query);
      const page = await findComments(ctx, await article(request.params), query);
      return { total: page.total, items: page.comments.map(presentConsoleComment) };
    },
  );
  const commentRoute = (
    method: 'put' | 'delete',
    suffix: string,
    summary: string,
    run: (row: Awaited<ReturnType<typeof article>>, number: number, body: unknown) => Promise<void>,
  ) =>
    app[method]<ByComment>(
      `${base}/comments/:user_comment_id${suffix}`,
      { schema: { tags, summary } },
      async (request, reply) => {
        const number = validate(CommentNumberSchema, request.params.user_comment_id);
        await run(await article(request.params), number, request.body);
        return reply.code(204).send();
      },
    );
  commentRoute('put', '/elected', 'Elect a comment (comment/markelect)', (row, n) =>
    setCommentElected(ctx, row, n, true),
  );
  commentRoute('delete', '/elected', 'Unelect a comment (comment/unmarkelect)', (row, n) =>
    setCommentElected(ctx, row, n, false),
  );
  commentRoute('put', '/reply', "The account's reply under a comment (comment/reply/add)", (row, n, body) =>
    replyToComment(ctx, row, n, validate(ConsoleReplyBodySchema, body).content),
  );
  commentRoute('delete', '/reply', 'Delete the reply (comment/reply/delete)', (row, n) =>
    deleteCommentReply(ctx, row, n),
  );
  commentRoute('delete', '', 'Delete a comment (comment/delete)', (row, n) => deleteComment(ctx, row, n));
}
