import type { AppContext } from '../../context.ts';
import type { AccountsTable, MassSendsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { deleteMassArticles } from './mass-articles.ts';
import { msgStatus, presentMassSend, type MassSendView } from './masssend.presenter.ts';
import {
  selectMassSendByMsgId,
  selectMassSends,
  transitionMassSend,
  updateMassSend,
} from './masssend.queries.ts';
import { FindMassSendsQuerySchema } from './masssend.schemas.ts';

/** The account's send with this msg_id, or MASS_SEND_NOT_FOUND. */
export async function getMassSend(
  ctx: AppContext,
  account: AccountsTable,
  msgId: number,
): Promise<MassSendsTable> {
  const row = await selectMassSendByMsgId(ctx.db, account.id, msgId);
  if (!row) throw new AppError('MASS_SEND_NOT_FOUND', `the account made no mass send ${msgId}`);
  return row;
}

/** `/cgi-bin/message/mass/get`: `{msg_id, msg_status}`. */
export async function getMassSendStatus(ctx: AppContext, account: AccountsTable, msgId: number) {
  const row = await getMassSend(ctx, account, msgId);
  return { msg_id: row.msg_id, msg_status: msgStatus(row.status) };
}

/**
 * `/cgi-bin/message/mass/delete` (spec §8.1): only mpnews and mpvideo sends,
 * only once sent. `article_idx` 0 or missing deletes the whole message
 * (mass/get then says DELETE); 1..n deletes that article of an mpnews (40060
 * outside the range), and the last one left deletes the message. Followers
 * keep the copy they received; what goes is the article page it opens
 * (`articles.deleted_at`, set in the same transaction).
 */
export async function deleteMassSend(
  ctx: AppContext,
  account: AccountsTable,
  msgId: number,
  articleIdx = 0,
): Promise<void> {
  const row = await getMassSend(ctx, account, msgId);
  if (row.status === 'deleted') return;
  if (row.kind === 'preview' || (row.msg_type !== 'mpnews' && row.msg_type !== 'mpvideo'))
    throw new AppError('MASS_SEND_NOT_DELETABLE', 'only mpnews and mpvideo mass messages can be deleted');
  if (row.status !== 'sent')
    throw new AppError(
      'MASS_SEND_NOT_DELETABLE',
      `only a sent message can be deleted; this one is ${row.status}`,
    );
  const articles =
    row.msg_type === 'mpnews'
      ? Number((JSON.parse(row.content) as { article_count?: number }).article_count ?? 1)
      : 1;
  if (!Number.isInteger(articleIdx) || articleIdx < 0 || articleIdx > articles)
    throw new AppError('ARTICLE_INDEX_INVALID', `article_idx must be 0 (all) or 1..${articles}`);
  const now = ctx.clock.now();
  const deleted = new Set<number>(row.deleted_articles ? (JSON.parse(row.deleted_articles) as number[]) : []);
  if (articleIdx === 0) for (let i = 1; i <= articles; i++) deleted.add(i);
  else deleted.add(articleIdx);
  const list = [...deleted].sort((a, b) => a - b);
  await ctx.db.transaction().execute(async (trx) => {
    await updateMassSend(trx, row.id, {
      deleted_articles: JSON.stringify(list),
      ...(list.length >= articles ? { status: 'deleted' as const } : {}),
      updated_at: now,
    });
    if (row.msg_type === 'mpnews')
      await deleteMassArticles(trx, row, now, articleIdx === 0 ? undefined : [articleIdx]);
  });
}

/**
 * mass/delete's body: by `msg_id` (and `article_idx`), or, when msg_id is
 * missing, by the `url` of one article a mass send made (WeChat: url counts
 * only without msg_id), which deletes that article.
 */
export async function deleteMassMessage(
  ctx: AppContext,
  account: AccountsTable,
  body: { msg_id?: number | undefined; article_idx?: number | undefined; url?: string | undefined },
): Promise<void> {
  if (body.msg_id !== undefined) return deleteMassSend(ctx, account, body.msg_id, body.article_idx ?? 0);
  if (!body.url) throw new AppError('INVALID_PARAMETER', 'mass/delete needs msg_id or url');
  const articleId = /\/s\/([A-Za-z0-9_-]+)/.exec(body.url)?.[1] ?? '';
  const article = await ctx.db
    .selectFrom('articles as a')
    .innerJoin('mass_sends as m', 'm.id', 'a.mass_send_id')
    .select(['m.msg_id', 'a.idx'])
    .where('a.id', '=', articleId)
    .where('a.account_id', '=', account.id)
    .where('a.source', '=', 'mass_send')
    .executeTakeFirst();
  if (!article)
    throw new AppError('URL_INVALID', `${body.url} is not an article of this account's mass sends`);
  return deleteMassSend(ctx, account, article.msg_id, article.idx + 1);
}

/**
 * Stops a send that is still queued (a scheduled one included) or fanning
 * out (our API only; WeChat has no cancel). Followers already reached keep
 * their copy; the job stops before its next batch and reports "send fail"
 * in MASSSENDJOBFINISH with the counts so far. A send cancelled before it
 * started reached nobody, so its articles are deleted with it.
 */
export async function cancelMassSend(
  ctx: AppContext,
  account: AccountsTable,
  msgId: number,
): Promise<MassSendView> {
  const row = await getMassSend(ctx, account, msgId);
  const now = ctx.clock.now();
  const patch = { status: 'cancelled' as const, finished_at: now, updated_at: now };
  const moved = await ctx.db.transaction().execute(async (trx) => {
    // Queued first: only a send caught before its job started may lose its articles.
    if (await transitionMassSend(trx, row.id, ['queued'], patch)) {
      await deleteMassArticles(trx, row, now);
      return true;
    }
    return transitionMassSend(trx, row.id, ['sending'], patch);
  });
  if (!moved) throw new AppError('MASS_SEND_NOT_CANCELLABLE', `this mass send is ${row.status}`);
  return presentMassSend(await getMassSend(ctx, account, msgId), account.appid);
}

/** The account's mass sends, newest first, for the console. */
export async function findMassSends(
  ctx: AppContext,
  account: AccountsTable,
  query: unknown,
): Promise<{ items: MassSendView[]; next_before: number | null }> {
  const q = validate(FindMassSendsQuerySchema, query);
  const rows = await selectMassSends(ctx.db, account.id, {
    ...(q.status ? { status: q.status } : {}),
    limit: q.limit,
    ...(q.before !== undefined ? { before: q.before } : {}),
  });
  return {
    items: rows.map((r) => presentMassSend(r, account.appid)),
    next_before: rows.length === q.limit ? (rows.at(-1)?.msg_id ?? null) : null,
  };
}
