import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import { DATA_TABLES, type Db } from '../../src/server/db/schema.ts';
import { createAccount } from '../../src/server/modules/accounts/create-account.ts';
import { createDemoFollowers } from '../../src/server/modules/followers/create-demo-followers.ts';
import { createOrganization } from '../../src/server/modules/organizations/create-organization.ts';
import { issueAccessToken } from '../../src/server/modules/tokens/issue-access-token.ts';
import { putSetting } from '../../src/server/modules/settings/settings.queries.ts';

/**
 * At least one row in every table of DATA_TABLES, with nulls, CJK text and
 * epoch-ms bigints, so a backup round trip is checked on real shapes.
 */
export async function seedEveryTable(ctx: AppContext): Promise<void> {
  const org = await createOrganization(ctx, { name: '备份 Org' });
  const accounts = [
    await createAccount(ctx, {
      organization_id: org.id,
      type: 'service',
      verified: true,
      name: '备份服务号',
    }),
    await createAccount(ctx, { organization_id: org.id, type: 'subscription', name: 'Backup Sub' }),
  ];
  await createDemoFollowers(ctx, accounts);
  const account = accounts[0]!;
  await issueAccessToken(ctx, account);
  await issueAccessToken(ctx, accounts[1]!);
  await putSetting(ctx.db, 'backup_test', '设置 ✓');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('api_quota_usage')
    .values({ account_id: account.id, cgi_path: '/cgi-bin/token', day: '2026-11-21', used: 7 })
    .execute();
  await ctx.db
    .insertInto('quota_clears')
    .values({ account_id: account.id, month: '2026-11', count: 2 })
    .execute();
  await ctx.db
    .insertInto('api_request_log')
    .values({
      rid: 'rid-backup-1',
      account_id: null,
      invoke_time: now,
      cost_in_ms: 12,
      request_url: '/cgi-bin/token?appid=x',
      request_body: '',
      response_body: '{"errcode":40013,"errmsg":"invalid appid"}',
      client_ip: '127.0.0.1',
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('jobs')
    .values({
      id: 'job_backup_1',
      name: 'test.noop',
      version: 1,
      payload: '{"a":1}',
      status: 'queued',
      attempts: 0,
      max_attempts: 5,
      run_at: now + 1000,
      locked_by: null,
      locked_until: null,
      last_error: null,
      dedupe_key: null,
      progress: null,
      result: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Every row of every data table, in a stable order, for exact before/after comparison. */
export async function snapshotData(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of DATA_TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = rows
      .map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))))
      .sort();
  }
  return out;
}
