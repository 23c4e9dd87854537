import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import type { AccountsTable } from '../../src/server/db/schema.ts';

/**
 * Makes `count` followers of an account in three set-based statements (a
 * recursive number series feeding INSERT … SELECT), for tests that need tens
 * of thousands of them: paging, tag limits. The simulation's own follow path
 * is too slow for that, and these rows have the same shape it writes.
 * Returns the openids in sorted order (the order user/get pages them in).
 */
export async function bulkFollowers(
  ctx: AppContext,
  account: AccountsTable,
  count: number,
  options: { tagId?: number } = {},
): Promise<string[]> {
  const prefix = randomBytes(8).toString('hex').slice(0, 4);
  const pad = (n: number) => String(n).padStart(23, '0');
  const padded =
    ctx.dialect === 'postgres' ? sql<string>`lpad(n::text, 23, '0')` : sql<string>`printf('%023d', n)`;
  const series = sql`with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${count})`;
  const now = ctx.clock.now();
  // Typed parameters: PostgreSQL cannot pick a || operator for an untyped one.
  const text = (value: string) => sql`cast(${value} as text)`;
  await ctx.db.transaction().execute(async (trx) => {
    await sql`insert into users (id, nickname, avatar_url, sex, country, province, city, language, wechat_id, client_platform, created_at)
      ${series}
      select ${text('usr_bulk_' + prefix + '_')} || n, ${text('Bulk ' + prefix + ' ')} || n, '', 0, '', '', '', 'zh_CN', null, 'android', ${now} from seq`.execute(
      trx,
    );
    await sql`insert into followers (id, account_id, user_id, openid, subscribed, subscribe_time, unsubscribe_time, subscribe_scene, remark, qr_scene, qr_scene_str, blacklisted, created_at)
      ${series}
      select ${text('fol_bulk_' + prefix + '_')} || n, ${account.id}, ${text('usr_bulk_' + prefix + '_')} || n, ${text('o' + prefix)} || ${padded}, 1, ${now}, null, 'ADD_SCENE_SEARCH', '', null, null, 0, ${now} from seq`.execute(
      trx,
    );
    if (options.tagId !== undefined)
      await sql`insert into follower_tags (account_id, tag_id, follower_id, openid, created_at)
        ${series}
        select ${account.id}, ${options.tagId}, ${text('fol_bulk_' + prefix + '_')} || n, ${text('o' + prefix)} || ${padded}, ${now} from seq`.execute(
        trx,
      );
  });
  return Array.from({ length: count }, (_, i) => `o${prefix}${pad(i + 1)}`).sort();
}
