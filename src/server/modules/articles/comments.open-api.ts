import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import type { AccountsTable } from '../../db/schema.ts';
import type { AppContext } from '../../context.ts';
import { presentOpenApiComment } from './articles.presenter.ts';
import {
  CommentArticleBodySchema,
  CommentListBodySchema,
  CommentReplyBodySchema,
  CommentTargetBodySchema,
} from './articles.schemas.ts';
import { deleteCommentReply } from './delete-comment-reply.ts';
import { deleteComment } from './delete-comment.ts';
import { setCommentElected } from './elect-comment.ts';
import { findComments } from './find-comments.ts';
import { getArticleByMsgData } from './get-article.ts';
import type { ArticleRow } from './record-articles.ts';
import { replyToComment } from './reply-to-comment.ts';
import { setCommentsOpen } from './set-comments-open.ts';

const OK = { errcode: 0, errmsg: 'ok' };

/** The article a comment/* body addresses (msg_data_id, 0-based index): 88001 when none. */
function addressed(
  ctx: AppContext,
  account: AccountsTable,
  body: { msg_data_id: number; index: number },
): Promise<ArticleRow> {
  return getArticleByMsgData(ctx, account.id, body.msg_data_id, body.index);
}

/** A comment/* write taking `{msg_data_id, index, user_comment_id}` and answering errcode 0. */
function commentAction(
  path: string,
  summary: string,
  run: (ctx: AppContext, article: ArticleRow, userCommentId: number) => Promise<void>,
): AnyOpenApiRoute {
  return defineOpenApi({
    method: 'POST',
    path,
    summary,
    auth: 'access_token',
    capability: 'comment',
    body: CommentTargetBodySchema,
    handler: async ({ ctx, account, body }) => {
      await run(ctx, await addressed(ctx, account, body), body.user_comment_id);
      return OK;
    },
  });
}

function openClose(path: string, open: boolean): AnyOpenApiRoute {
  return defineOpenApi({
    method: 'POST',
    path,
    summary: open ? 'Open comments on a sent article' : 'Close comments on a sent article',
    auth: 'access_token',
    capability: 'comment',
    body: CommentArticleBodySchema,
    handler: async ({ ctx, account, body }) => {
      await setCommentsOpen(ctx, await addressed(ctx, account, body), open);
      return OK;
    },
  });
}

/**
 * Comment management (留言管理, spec §15). Articles are addressed by the
 * msg_data_id of their publish or mpnews mass send and a 0-based `index`
 * (default 0); comments by `user_comment_id` (1, 2, … per article).
 */
export const commentOpenApiRoutes: AnyOpenApiRoute[] = [
  openClose('/cgi-bin/comment/open', true),
  openClose('/cgi-bin/comment/close', false),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/comment/list',
    summary: 'A page of comments of an article (begin offset, count 1–50, type 0 all / 1 normal / 2 elected)',
    auth: 'access_token',
    capability: 'comment',
    body: CommentListBodySchema,
    handler: async ({ ctx, account, body }) => {
      const article = await addressed(ctx, account, body);
      const page = await findComments(ctx, article, {
        begin: body.begin,
        count: body.count,
        type: body.type,
      });
      return { ...OK, total: page.total, comment: page.comments.map(presentOpenApiComment) };
    },
  }),
  commentAction('/cgi-bin/comment/markelect', 'Elect a comment (精选)', (ctx, article, n) =>
    setCommentElected(ctx, article, n, true),
  ),
  commentAction('/cgi-bin/comment/unmarkelect', 'Unelect a comment', (ctx, article, n) =>
    setCommentElected(ctx, article, n, false),
  ),
  commentAction('/cgi-bin/comment/delete', 'Delete a comment', deleteComment),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/comment/reply/add',
    summary: "Reply to a comment (the account's one reply; 88005 when there is one)",
    auth: 'access_token',
    capability: 'comment',
    body: CommentReplyBodySchema,
    handler: async ({ ctx, account, body }) => {
      await replyToComment(ctx, await addressed(ctx, account, body), body.user_comment_id, body.content);
      return OK;
    },
  }),
  commentAction(
    '/cgi-bin/comment/reply/delete',
    "Delete the account's reply to a comment",
    deleteCommentReply,
  ),
];
