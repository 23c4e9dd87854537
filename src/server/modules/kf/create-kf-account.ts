import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { AccountsTable, KfAccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { FIRST_KF_ID, KF_ACCOUNT_PATTERN, MAX_KF_ACCOUNTS, MAX_KF_NICKNAME } from './kf.schemas.ts';

/** KF_ACCOUNT_INVALID (65404) unless `prefix@wxid` of the right shape. */
export function checkKfAccountName(kfAccount: string): void {
  if (!KF_ACCOUNT_PATTERN.test(kfAccount))
    throw new AppError(
      'KF_ACCOUNT_INVALID',
      'kf_account is prefix@wxid: a prefix of 1–10 letters, digits or underscores, then the WeChat id',
    );
}

/** KF_NICKNAME_INVALID (65403) unless 1–16 printable characters. */
export function checkKfNickname(nickname: string | undefined): string {
  const value = (nickname ?? '').trim();
  const length = [...value].length;
  if (length === 0 || length > MAX_KF_NICKNAME || /\p{Cc}/u.test(value))
    throw new AppError('KF_NICKNAME_INVALID', `nickname must be 1–${MAX_KF_NICKNAME} characters`);
  return value;
}

/**
 * `kfaccount/add`: a new kf account with the next kf_id (from 1001). At most
 * 100 per account (KF_ACCOUNT_LIMIT, 65405); names are unique
 * (KF_ACCOUNT_EXISTS, 65406). The account serves nobody until a WeChat user
 * is bound through an invitation.
 */
export async function createKfAccount(
  ctx: AppContext,
  account: AccountsTable,
  input: { kf_account: string; nickname?: string | undefined },
): Promise<KfAccountsTable> {
  checkKfAccountName(input.kf_account);
  const nickname = checkKfNickname(input.nickname);
  // Two concurrent adds may pick the same kf_id; the unique key refuses one, which tries again.
  for (let attempt = 0; ; attempt++) {
    const existing = await ctx.db
      .selectFrom('kf_accounts')
      .select([(eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.max('kf_id').as('max')])
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    if (Number(existing.n) >= MAX_KF_ACCOUNTS)
      throw new AppError('KF_ACCOUNT_LIMIT', `an account has at most ${MAX_KF_ACCOUNTS} kf accounts`);
    const now = ctx.clock.now();
    const row: KfAccountsTable = {
      id: newId('kf'),
      account_id: account.id,
      kf_id: existing.max === null ? FIRST_KF_ID : Number(existing.max) + 1,
      kf_account: input.kf_account,
      nickname,
      headimg_media_id: null,
      user_id: null,
      invite_user_id: null,
      invite_wx: null,
      invite_expires_at: null,
      invite_status: null,
      online_status: 0,
      created_at: now,
      updated_at: now,
    };
    try {
      await ctx.db.insertInto('kf_accounts').values(row).execute();
      return row;
    } catch (err) {
      if (isUniqueViolation(err, 'kf_accounts_account_key', 'kf_accounts.account_id, kf_accounts.kf_account'))
        throw new AppError('KF_ACCOUNT_EXISTS', `${input.kf_account} already exists`);
      if (
        attempt < 3 &&
        isUniqueViolation(err, 'kf_accounts_kf_id_key', 'kf_accounts.account_id, kf_accounts.kf_id')
      )
        continue;
      throw err;
    }
  }
}
