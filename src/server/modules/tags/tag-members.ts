import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { OPENID_PATTERN } from '../followers/openids.ts';
import { resolveOpenids } from './resolve-openids.ts';
import { getTag, SYSTEM_TAG_IDS } from './tags.ts';

/** Most openids per batchtagging / batchuntagging call. */
export const MAX_BATCH_TAGGING = 50;
/** Most tags one follower may carry. */
export const MAX_TAGS_PER_FOLLOWER = 20;
/** Openids per user/tag/get page (WeChat's). */
export const TAG_MEMBERS_PAGE_SIZE = 10_000;

/**
 * Tags followers (`/cgi-bin/tags/members/batchtagging`): all or nothing. A
 * follower who already has the tag is left as is; one who would pass 20
 * tags fails the whole call with USER_TAG_LIMIT (45059).
 */
export async function tagFollowers(
  ctx: AppContext,
  account: AccountsTable,
  tagId: number,
  openids: string[],
): Promise<void> {
  checkBatch(openids);
  const tag = await getAssignableTag(ctx, account, tagId);
  const followers = await resolveOpenids(ctx, account, openids, { subscribedOnly: true });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const counts = await trx
      .selectFrom('follower_tags')
      .select(['follower_id', (eb) => eb.fn.countAll<number>().as('n')])
      .select((eb) =>
        eb.fn.sum<number>(eb.case().when('tag_id', '=', tag.id).then(1).else(0).end()).as('has_tag'),
      )
      .where(
        'follower_id',
        'in',
        followers.map((f) => f.id),
      )
      .groupBy('follower_id')
      .execute();
    const byFollower = new Map(counts.map((c) => [c.follower_id, c]));
    const toAdd = followers.filter((f) => Number(byFollower.get(f.id)?.has_tag ?? 0) === 0);
    const full = toAdd.find((f) => Number(byFollower.get(f.id)?.n ?? 0) >= MAX_TAGS_PER_FOLLOWER);
    if (full)
      throw new AppError(
        'USER_TAG_LIMIT',
        `${full.openid} already has ${MAX_TAGS_PER_FOLLOWER} tags; untag one first`,
      );
    if (toAdd.length === 0) return;
    await trx
      .insertInto('follower_tags')
      .values(
        toAdd.map((f) => ({
          account_id: account.id,
          tag_id: tag.id,
          follower_id: f.id,
          openid: f.openid,
          created_at: now,
        })),
      )
      .execute();
  });
}

/** Untags followers (`/cgi-bin/tags/members/batchuntagging`); followers without the tag are fine. */
export async function untagFollowers(
  ctx: AppContext,
  account: AccountsTable,
  tagId: number,
  openids: string[],
): Promise<void> {
  checkBatch(openids);
  const tag = await getAssignableTag(ctx, account, tagId);
  const followers = await resolveOpenids(ctx, account, openids, { subscribedOnly: true });
  await ctx.db
    .deleteFrom('follower_tags')
    .where('account_id', '=', account.id)
    .where('tag_id', '=', tag.id)
    .where(
      'follower_id',
      'in',
      followers.map((f) => f.id),
    )
    .execute();
}

/**
 * One page of a tag's followers by openid (`/cgi-bin/user/tag/get`), keyset
 * on the (account, tag, openid) index. The end looks like user/get's: count
 * 0, next_openid "" and no data.
 */
export async function getTagMembers(
  ctx: AppContext,
  account: AccountsTable,
  tagId: number,
  nextOpenid: string,
  pageSize = TAG_MEMBERS_PAGE_SIZE,
): Promise<{ count: number; data?: { openid: string[] }; next_openid: string }> {
  if (nextOpenid !== '' && !OPENID_PATTERN.test(nextOpenid))
    throw new AppError('INVALID_OPENID', `next_openid ${nextOpenid} is not an openid`);
  await getTag(ctx.db, account, tagId);
  let query = ctx.db
    .selectFrom('follower_tags')
    .select('openid')
    .where('account_id', '=', account.id)
    .where('tag_id', '=', tagId);
  if (nextOpenid !== '') query = query.where('openid', '>', nextOpenid);
  const rows = await query.orderBy('openid').limit(pageSize).execute();
  if (rows.length === 0) return { count: 0, next_openid: '' };
  const openids = rows.map((r) => r.openid);
  return { count: openids.length, data: { openid: openids }, next_openid: openids.at(-1)! };
}

/**
 * Each follower's tag ids in the order they were given (the last one is
 * what conditional menus match on). Followers without tags map to [].
 */
export async function tagIdsOfFollowers(
  ctx: AppContext,
  followerIds: string[],
): Promise<Map<string, number[]>> {
  const result = new Map(followerIds.map((id) => [id, [] as number[]]));
  if (followerIds.length === 0) return result;
  const rows = await ctx.db
    .selectFrom('follower_tags')
    .select(['follower_id', 'tag_id'])
    .where('follower_id', 'in', followerIds)
    .orderBy('created_at')
    .orderBy('tag_id')
    .execute();
  for (const row of rows) result.get(row.follower_id)?.push(Number(row.tag_id));
  return result;
}

/** A follower's tag ids (`/cgi-bin/tags/getidlist`). */
export async function getTagIdList(
  ctx: AppContext,
  account: AccountsTable,
  openid: string,
): Promise<number[]> {
  const [follower] = await resolveOpenids(ctx, account, [openid], { subscribedOnly: false });
  return (await tagIdsOfFollowers(ctx, [follower!.id])).get(follower!.id) ?? [];
}

function checkBatch(openids: string[]): void {
  if (openids.length === 0 || openids.length > MAX_BATCH_TAGGING)
    throw new AppError('OPENID_LIST_SIZE', `openid_list must hold 1 to ${MAX_BATCH_TAGGING} openids`);
}

async function getAssignableTag(ctx: AppContext, account: AccountsTable, tagId: number) {
  // The system tags are WeChat's own (starred, the blacklist): not assignable through tagging.
  if (SYSTEM_TAG_IDS.has(tagId))
    throw new AppError('TAG_NOT_FOUND', `tag ${tagId} is a system tag and cannot be assigned`);
  return getTag(ctx.db, account, tagId);
}
