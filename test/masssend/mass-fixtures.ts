/**
 * Fixtures the mass-send suites share: a draft inserted through its tables
 * (the draft/* API lives on another branch until it lands; switch to
 * `/cgi-bin/draft/add` then), the articles a send made, and a follower's
 * mass-send copies.
 */
import type { AppContext } from '../../src/server/context.ts';
import type { AccountsTable, ArticleFields } from '../../src/server/db/schema.ts';
import { randomUrlSafe } from '../../src/server/lib/ids.ts';

/** A draft of the account with these articles (title and content given, the rest defaulted). */
export async function insertDraft(
  ctx: AppContext,
  account: AccountsTable,
  articles: (Partial<ArticleFields> & { title: string; content: string })[],
): Promise<string> {
  const mediaId = randomUrlSafe(64);
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('drafts')
    .values({ media_id: mediaId, account_id: account.id, created_at: now, updated_at: now })
    .execute();
  await ctx.db
    .insertInto('draft_articles')
    .values(
      articles.map((a, idx) => ({
        media_id: mediaId,
        idx,
        article_type: 'news',
        author: '',
        digest: '',
        content_source_url: '',
        thumb_media_id: '',
        show_cover_pic: 0,
        need_open_comment: 0,
        only_fans_can_comment: 0,
        pic_crop_235_1: '',
        pic_crop_1_1: '',
        image_info: null,
        ...a,
      })),
    )
    .execute();
  return mediaId;
}

/** The articles a mass send made readable, in order. */
export function sendArticles(ctx: AppContext, account: AccountsTable, msgDataId: number) {
  return ctx.db
    .selectFrom('articles')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('msg_data_id', '=', msgDataId)
    .orderBy('idx')
    .execute();
}

/** A follower's mass-send copies (oldest first), their content parsed. */
export async function massCopies(
  ctx: AppContext,
  account: AccountsTable,
  openid: string,
): Promise<{ msg_type: string; msg_id: string | null; content: Record<string, unknown> }[]> {
  const rows = await ctx.db
    .selectFrom('messages as m')
    .innerJoin('followers as f', 'f.id', 'm.follower_id')
    .select(['m.msg_type', 'm.msg_id', 'm.content'])
    .where('m.account_id', '=', account.id)
    .where('f.openid', '=', openid)
    .where('m.source', '=', 'mass_send')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({ ...r, content: JSON.parse(r.content) as Record<string, unknown> }));
}
