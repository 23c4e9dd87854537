import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

/** Most tags an account may have (WeChat's). */
export const MAX_TAGS = 100;
/** Longest tag name in UTF-8 bytes: a CJK character counts 3. */
export const MAX_TAG_NAME_BYTES = 30;
/** A tag with more members than this cannot be deleted; untag in batches first. */
export const MAX_DELETABLE_TAG_MEMBERS = 100_000;

/**
 * WeChat's system tags: ids 0–2 are reserved and cannot be changed; 2 (the
 * starred group) appears in every tags/get answer, so it does here too.
 */
export const SYSTEM_TAG_IDS = new Set([0, 1, 2]);
const SYSTEM_TAGS = [{ id: 2, name: '星标组' }];

export interface TagView {
  id: number;
  name: string;
  count: number;
}

/** The account's tags with their follower counts (`/cgi-bin/tags/get`), system tag first. */
export async function listTags(ctx: AppContext, account: AccountsTable): Promise<TagView[]> {
  const rows = await ctx.db
    .selectFrom('tags')
    .leftJoin('follower_tags', (join) =>
      join
        .onRef('follower_tags.account_id', '=', 'tags.account_id')
        .onRef('follower_tags.tag_id', '=', 'tags.id'),
    )
    .select(['tags.id', 'tags.name', (eb) => eb.fn.count<number>('follower_tags.follower_id').as('count')])
    .where('tags.account_id', '=', account.id)
    .groupBy(['tags.id', 'tags.name'])
    .orderBy('tags.id')
    .execute();
  return [
    ...SYSTEM_TAGS.map((t) => ({ ...t, count: 0 })),
    ...rows.map((r) => ({ id: Number(r.id), name: r.name, count: Number(r.count) })),
  ];
}

/**
 * Creates a tag (`/cgi-bin/tags/create`). Ids start at 100 and are never
 * reused. TAG_NAME_INVALID for an empty or taken name, TAG_NAME_TOO_LONG past
 * 30 bytes, TOO_MANY_TAGS at 100.
 */
export async function createTag(
  ctx: AppContext,
  account: AccountsTable,
  name: string,
): Promise<{ id: number; name: string }> {
  checkTagName(name);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const { n } = await trx
        .selectFrom('tags')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', account.id)
        .executeTakeFirstOrThrow();
      if (Number(n) >= MAX_TAGS)
        throw new AppError('TOO_MANY_TAGS', `an account has at most ${MAX_TAGS} tags; delete one first`);
      await assertNameFree(trx, account, name);
      // The account row is the allocator: the update serialises concurrent creates.
      const { last_tag_id } = await trx
        .updateTable('accounts')
        .set((eb) => ({ last_tag_id: eb('last_tag_id', '+', 1) }))
        .where('id', '=', account.id)
        .returning('last_tag_id')
        .executeTakeFirstOrThrow();
      const id = Number(last_tag_id);
      await trx
        .insertInto('tags')
        .values({ account_id: account.id, id, name, created_at: ctx.clock.now() })
        .execute();
      return { id, name };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'tags_account_name_key', 'tags.name'))
      throw new AppError('TAG_NAME_INVALID', `a tag named ${name} exists`);
    throw err;
  }
}

/** Renames a tag (`/cgi-bin/tags/update`); system tags are SYSTEM_TAG_IMMUTABLE. */
export async function renameTag(
  ctx: AppContext,
  account: AccountsTable,
  id: number,
  name: string,
): Promise<{ id: number; name: string }> {
  if (SYSTEM_TAG_IDS.has(id)) throw new AppError('SYSTEM_TAG_IMMUTABLE', `tag ${id} is a system tag`);
  checkTagName(name);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await getTag(trx, account, id);
      await assertNameFree(trx, account, name, id);
      await trx
        .updateTable('tags')
        .set({ name })
        .where('account_id', '=', account.id)
        .where('id', '=', id)
        .execute();
    });
  } catch (err) {
    if (isUniqueViolation(err, 'tags_account_name_key', 'tags.name'))
      throw new AppError('TAG_NAME_INVALID', `a tag named ${name} exists`);
    throw err;
  }
  return { id, name };
}

/**
 * Deletes a tag and untags its followers (`/cgi-bin/tags/delete`). WeChat
 * refuses tags with more than 100,000 followers (TAG_TOO_MANY_FANS).
 */
export async function deleteTag(ctx: AppContext, account: AccountsTable, id: number): Promise<void> {
  if (SYSTEM_TAG_IDS.has(id)) throw new AppError('SYSTEM_TAG_IMMUTABLE', `tag ${id} is a system tag`);
  await ctx.db.transaction().execute(async (trx) => {
    await getTag(trx, account, id);
    const { n } = await trx
      .selectFrom('follower_tags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', account.id)
      .where('tag_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(n) > MAX_DELETABLE_TAG_MEMBERS)
      throw new AppError(
        'TAG_TOO_MANY_FANS',
        `tag ${id} has ${Number(n)} followers; untag them (batchuntagging) below ${MAX_DELETABLE_TAG_MEMBERS} first`,
      );
    await trx
      .deleteFrom('follower_tags')
      .where('account_id', '=', account.id)
      .where('tag_id', '=', id)
      .execute();
    await trx.deleteFrom('tags').where('account_id', '=', account.id).where('id', '=', id).execute();
  });
}

type Reader = Pick<AppContext['db'], 'selectFrom'>;

/** The tag, or TAG_NOT_FOUND (45159, WeChat's "invalid tag id"). */
export async function getTag(db: Reader, account: AccountsTable, id: number) {
  const row = await db
    .selectFrom('tags')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('TAG_NOT_FOUND', `the account has no tag ${id}`);
  return row;
}

function checkTagName(name: string): void {
  if (name.trim() === '') throw new AppError('TAG_NAME_INVALID', 'the tag name is empty');
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_TAG_NAME_BYTES)
    throw new AppError(
      'TAG_NAME_TOO_LONG',
      `the tag name is ${bytes} bytes of UTF-8; at most ${MAX_TAG_NAME_BYTES} (a Chinese character is 3)`,
    );
}

async function assertNameFree(db: Reader, account: AccountsTable, name: string, exceptId?: number) {
  if (SYSTEM_TAGS.some((t) => t.name === name))
    throw new AppError('TAG_NAME_INVALID', `${name} is a system tag's name`);
  let query = db
    .selectFrom('tags')
    .select('id')
    .where('account_id', '=', account.id)
    .where('name', '=', name);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw new AppError('TAG_NAME_INVALID', `a tag named ${name} exists`);
}
