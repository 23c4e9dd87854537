import type { AppContext } from '../../context.ts';
import type { AccountsTable, PublicationsTable } from '../../db/schema.ts';
import type { XmlObject } from '../../wechat/xml.ts';
import { articleUrl, type ArticleRow } from '../articles/record-articles.ts';
import { pushEvent } from '../callbacks/push-event.ts';
import { systemOpenid } from '../masssend/push-mass-send-finish.ts';
import { failIdx } from './publishing.presenter.ts';

/**
 * PUBLISHJOBFINISH's `PublishEventInfo` (spec §4.4): lowercase children,
 * numbers bare, article_detail items with 1-based idx on success, one
 * fail_idx element per failed article for statuses 2 and 4.
 */
export function publishEventInfo(
  ctx: AppContext,
  row: PublicationsTable,
  articles: readonly ArticleRow[],
): XmlObject {
  const info: XmlObject = { publish_id: row.publish_id, publish_status: row.publish_status };
  if (row.article_id !== null) {
    info.article_id = row.article_id;
    info.article_detail = {
      count: articles.length,
      item: articles.map((a) => ({ idx: a.idx + 1, article_url: articleUrl(ctx, a) })),
    };
  }
  if (row.publish_status === 2 || row.publish_status === 4) info.fail_idx = failIdx(row);
  return info;
}

/**
 * Pushes PUBLISHJOBFINISH for a finished publication to the developer
 * server (developer mode only) and records the delivery, so a rerun of the
 * job does not push it again. A crash between the push and the record
 * pushes twice, which WeChat's at-least-once pushes allow.
 */
export async function pushPublishFinish(
  ctx: AppContext,
  account: AccountsTable,
  row: PublicationsTable,
  articles: readonly ArticleRow[],
): Promise<{ pushed: boolean; outcome?: string }> {
  if (row.finish_delivery_id !== null) return { pushed: false };
  const pushed = await pushEvent(
    ctx,
    account,
    { id: null, openid: systemOpenid(account.appid) },
    {
      event: 'PUBLISHJOBFINISH',
      createTime: Math.floor((row.finished_at ?? ctx.clock.now()) / 1000),
      fields: { PublishEventInfo: publishEventInfo(ctx, row, articles) },
    },
  );
  if (!pushed) return { pushed: false };
  await ctx.db
    .updateTable('publications')
    .set({ finish_delivery_id: pushed.delivery.id })
    .where('id', '=', row.id)
    .execute();
  return { pushed: true, outcome: pushed.delivery.outcome };
}
