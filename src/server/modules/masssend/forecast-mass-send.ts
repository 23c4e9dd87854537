import { chinaMonth } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { validate } from '../../lib/validate.ts';
import { getTag } from '../tags/tags.ts';
import { MONTHLY_MASS_MESSAGES } from './masssend.queries.ts';
import { ForecastQuerySchema } from './masssend.schemas.ts';

/** What a send to everyone or to a tag would reach this month, before sending it. */
export interface MassSendForecast {
  tag_id: number | null;
  /** Beijing month the caps are counted in. */
  month: string;
  /** Subscribed followers targeted (MASSSENDJOBFINISH TotalCount). */
  targets: number;
  /** Of those, blacklisted: filtered out. */
  blacklisted: number;
  /** Of those not blacklisted, already sent 4 mass messages this month (service accounts; 0 otherwise). */
  at_monthly_cap: number;
  /** Who would receive it now (FilterCount). */
  receivable: number;
  /** The per-follower monthly cap, or null when the account has none (subscription accounts). */
  monthly_cap: number | null;
}

/**
 * The console's quota forecast: one set-based count over the audience
 * (every subscribed follower, or a tag's), with the same filters the
 * fan-out applies — the blacklist, and on service accounts the month's cap
 * of 4 mass messages per follower.
 */
export async function forecastMassSend(
  ctx: AppContext,
  account: AccountsTable,
  query: unknown,
): Promise<MassSendForecast> {
  const { tag_id: tagId } = validate(ForecastQuerySchema, query);
  if (tagId !== undefined) await getTag(ctx.db, account, tagId);
  const month = chinaMonth(ctx.clock.now());
  const capped = account.type === 'service';
  let q = ctx.db
    .selectFrom('followers as f')
    .leftJoin('mass_send_receipts as r', (join) =>
      join
        .onRef('r.follower_id', '=', 'f.id')
        .on('r.month', '=', month)
        .on('r.received', '>=', MONTHLY_MASS_MESSAGES),
    )
    .where('f.account_id', '=', account.id)
    .where('f.subscribed', '=', 1)
    .select((eb) => [
      eb.fn.countAll<number>().as('targets'),
      eb.fn.sum<number>(eb.case().when('f.blacklisted', '=', 1).then(1).else(0).end()).as('blacklisted'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('f.blacklisted', '=', 0), eb('r.follower_id', 'is not', null)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('at_cap'),
    ]);
  if (tagId !== undefined)
    q = q.where('f.id', 'in', (eb) =>
      eb
        .selectFrom('follower_tags as t')
        .select('t.follower_id')
        .where('t.account_id', '=', account.id)
        .where('t.tag_id', '=', tagId),
    );
  const row = await q.executeTakeFirstOrThrow();
  const targets = Number(row.targets);
  const blacklisted = Number(row.blacklisted ?? 0);
  const atCap = capped ? Number(row.at_cap ?? 0) : 0;
  return {
    tag_id: tagId ?? null,
    month,
    targets,
    blacklisted,
    at_monthly_cap: atCap,
    receivable: targets - blacklisted - atCap,
    monthly_cap: capped ? MONTHLY_MASS_MESSAGES : null,
  };
}
