import type { AppContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { FindQrcodesQuerySchema } from './qrcodes.schemas.ts';
import { selectQrcodesPage, type QrCode } from './qrcodes.queries.ts';

/** A page of the account's codes, newest first, with their scan and follow counts (growth campaigns). */
export async function findQrcodes(
  ctx: AppContext,
  appid: string,
  query: unknown,
): Promise<{ items: QrCode[]; next_cursor: string | null }> {
  const { limit, cursor } = validate(FindQrcodesQuerySchema, query);
  const account = await getAccount(ctx, appid);
  const rows = await selectQrcodesPage(ctx.db, account.id, limit + 1, decodeCursor(cursor));
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    // The ticket is the row's key, so it plays the id part of the cursor.
    next_cursor:
      rows.length > limit && last ? encodeCursor({ created_at: last.created_at, id: last.ticket }) : null,
  };
}
