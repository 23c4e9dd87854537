import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { validate } from '../../lib/validate.ts';
import { getOrganization } from '../organizations/get-organization.ts';
import { generateAppid, generateAppsecret, generateOriginalId } from './account-credentials.ts';
import { insertAccount, throwIfAliasTaken } from './accounts.queries.ts';
import { CreateAccountSchema, type CreateAccount } from './accounts.schemas.ts';

/**
 * Creates an official account in an organisation with fresh credentials
 * (or the ones given, for tests and migrations). Throws
 * ORGANIZATION_NOT_FOUND or ACCOUNT_ALREADY_EXISTS.
 */
export async function createAccount(ctx: AppContext, input: CreateAccount): Promise<AccountsTable> {
  const data = validate(CreateAccountSchema, input);
  await getOrganization(ctx, data.organization_id);
  const now = ctx.clock.now();
  const row: AccountsTable = {
    id: newId('acc'),
    organization_id: data.organization_id,
    appid: data.appid ?? generateAppid(),
    original_id: data.original_id ?? generateOriginalId(),
    type: data.type,
    verified: data.verified ? 1 : 0,
    name: data.name,
    description: data.description,
    avatar_url: data.avatar_url,
    alias: data.alias,
    appsecret: data.appsecret ?? generateAppsecret(),
    server_url: null,
    server_token: null,
    encoding_aes_key: null,
    message_mode: 'plaintext',
    server_enabled: 0,
    location_report: 0,
    last_tag_id: 99,
    ip_whitelist: '[]',
    created_at: now,
    updated_at: now,
  };
  try {
    await insertAccount(ctx.db, row);
  } catch (err) {
    throwIfAliasTaken(err, row.alias);
    if (isUniqueViolation(err, 'accounts_appid_key', 'accounts.appid')) {
      throw new AppError('ACCOUNT_ALREADY_EXISTS', `appid ${row.appid} is taken`);
    }
    if (isUniqueViolation(err, 'accounts_original_id_key', 'accounts.original_id')) {
      throw new AppError('ACCOUNT_ALREADY_EXISTS', `original_id ${row.original_id} is taken`);
    }
    throw err;
  }
  return row;
}
