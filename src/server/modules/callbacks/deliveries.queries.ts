import type { DeliveriesTable, DeliveryAttemptsTable, DeliveryOutcome, Db } from '../../db/schema.ts';
import type { Cursor } from '../../lib/cursor.ts';

export async function insertDelivery(db: Db, row: DeliveriesTable): Promise<void> {
  await db.insertInto('deliveries').values(row).execute();
}

export async function insertAttempt(db: Db, row: DeliveryAttemptsTable): Promise<void> {
  await db.insertInto('delivery_attempts').values(row).execute();
}

export async function finishDelivery(
  db: Db,
  id: string,
  patch: Pick<DeliveriesTable, 'outcome' | 'error' | 'reply_xml' | 'attempt_count' | 'finished_at'>,
): Promise<void> {
  await db.updateTable('deliveries').set(patch).where('id', '=', id).execute();
}

export function selectDelivery(db: Db, id: string) {
  return db
    .selectFrom('deliveries')
    .innerJoin('accounts', 'accounts.id', 'deliveries.account_id')
    .selectAll('deliveries')
    .select('accounts.appid')
    .where('deliveries.id', '=', id)
    .executeTakeFirst();
}

export function selectAttempts(db: Db, deliveryId: string): Promise<DeliveryAttemptsTable[]> {
  return db
    .selectFrom('delivery_attempts')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .orderBy('attempt', 'asc')
    .execute();
}

export interface DeliveryFilter {
  accountId: string;
  openid?: string | undefined;
  outcome?: DeliveryOutcome | undefined;
}

/** A page of an account's deliveries, newest first (keyset on created_at, id). */
export function selectDeliveriesPage(db: Db, filter: DeliveryFilter, limit: number, before?: Cursor) {
  let q = db
    .selectFrom('deliveries')
    .innerJoin('accounts', 'accounts.id', 'deliveries.account_id')
    .selectAll('deliveries')
    .select('accounts.appid')
    .where('deliveries.account_id', '=', filter.accountId);
  if (filter.openid) q = q.where('deliveries.openid', '=', filter.openid);
  if (filter.outcome) q = q.where('deliveries.outcome', '=', filter.outcome);
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb('deliveries.created_at', '<', before.created_at),
        eb.and([eb('deliveries.created_at', '=', before.created_at), eb('deliveries.id', '<', before.id)]),
      ]),
    );
  }
  return q.orderBy('deliveries.created_at', 'desc').orderBy('deliveries.id', 'desc').limit(limit).execute();
}
