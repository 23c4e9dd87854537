import type { AppContext } from '../../context.ts';
import type { AccountsTable, TicketType } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { selectRecentTickets } from './webauth.queries.ts';

/** A ticket lives 2 hours (spec §18.1). */
export const TICKET_LIFETIME_MS = 7200_000;

export const TICKET_TYPES: readonly TicketType[] = ['jsapi', 'wx_card'];

/**
 * `/cgi-bin/ticket/getticket`: the account's current ticket of the type
 * while it is valid, a new one after it expires on the platform clock
 * (40097 for another type). Old tickets stay so the wx.config checker can
 * say "signed with a stale ticket".
 */
export async function getJsapiTicket(
  ctx: AppContext,
  account: AccountsTable,
  type: string | undefined,
): Promise<{ errcode: 0; errmsg: 'ok'; ticket: string; expires_in: number }> {
  if (!TICKET_TYPES.includes(type as TicketType))
    throw new AppError('TICKET_TYPE_INVALID', 'type must be jsapi or wx_card');
  const now = ctx.clock.now();
  const [current] = await selectRecentTickets(ctx.db, account.id, type as TicketType, 1);
  if (current && current.expires_at > now) {
    return {
      errcode: 0,
      errmsg: 'ok',
      ticket: current.ticket,
      expires_in: secondsLeft(current.expires_at, now),
    };
  }
  const ticket = newTicket();
  const expiresAt = now + TICKET_LIFETIME_MS;
  await ctx.db
    .insertInto('jsapi_tickets')
    .values({
      ticket,
      account_id: account.id,
      type: type as TicketType,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { errcode: 0, errmsg: 'ok', ticket, expires_in: secondsLeft(expiresAt, now) };
}

/** A ticket in WeChat's shape: 86 characters of the URL-safe alphabet. */
function newTicket(): string {
  return randomUrlSafe(86);
}

function secondsLeft(expiresAt: number, now: number): number {
  return Math.round((expiresAt - now) / 1000);
}
