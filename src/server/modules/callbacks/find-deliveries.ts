import type { AppContext } from '../../context.ts';
import { decodeCursor, pageOf } from '../../lib/cursor.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { presentDelivery, type DeliveryView } from './deliveries.presenter.ts';
import { selectDeliveriesPage } from './deliveries.queries.ts';
import { FindDeliveriesQuerySchema } from './deliveries.schemas.ts';

/** A page of the account's delivery log, newest first, filtered by follower and outcome. */
export async function findDeliveries(
  ctx: AppContext,
  appid: string,
  query: unknown,
): Promise<{ items: DeliveryView[]; next_cursor: string | null }> {
  const q = validate(FindDeliveriesQuerySchema, query);
  const account = await getAccount(ctx, appid);
  const rows = await selectDeliveriesPage(
    ctx.db,
    { accountId: account.id, openid: q.openid, outcome: q.outcome },
    q.limit + 1,
    decodeCursor(q.cursor),
  );
  const page = pageOf(rows, q.limit);
  return { items: page.items.map((r) => presentDelivery(r)), next_cursor: page.next_cursor };
}
