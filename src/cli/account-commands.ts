import { Option, type Command } from 'commander';
import type { AppContext } from '../server/context.ts';
import type { AccountsTable, OrganizationsTable } from '../server/db/schema.ts';
import { presentAccount } from '../server/modules/accounts/accounts.presenter.ts';
import { createAccount } from '../server/modules/accounts/create-account.ts';
import { findAccounts } from '../server/modules/accounts/find-accounts.ts';
import { getAccount } from '../server/modules/accounts/get-account.ts';
import { resetAccountSecret } from '../server/modules/accounts/reset-account-secret.ts';
import { resetAdminKey } from '../server/modules/admin/admin-key.ts';
import { createOrganization } from '../server/modules/organizations/create-organization.ts';
import { findOrganizations } from '../server/modules/organizations/find-organizations.ts';
import { addDatabaseOptions, loadCliConfig, withContext, type DatabaseOptions } from './cli-database.ts';
import { CliError } from './cli-errors.ts';
import { formatTable } from './text-table.ts';

type Out = (line: string) => void;

/**
 * `account create|list|show|reset-secret` and `admin-key reset`: the
 * credential chores an operator does from a shell, through the same
 * operations the admin API uses. Each opens (and migrates) the database,
 * does one thing and exits.
 */
export function registerAccountCommands(program: Command, out: Out = console.log): void {
  const account = program.command('account').description('create, list and inspect official accounts');

  addDatabaseOptions(
    account
      .command('create')
      .description('create an official account with fresh appid, appsecret and original id')
      .addOption(
        new Option(
          '--org <id|name>',
          'organisation id or name (a new name creates the organisation)',
        ).makeOptionMandatory(),
      )
      .addOption(
        new Option('--type <type>', 'account type')
          .choices(['subscription', 'service'])
          .makeOptionMandatory(),
      )
      .addOption(new Option('--name <name>', 'display name, 1-64 characters').makeOptionMandatory())
      .option('--verified', 'WeChat-verified (unlocks most APIs)', false)
      .option(
        '--alias <wechat-id>',
        'WeChat id (微信号) followers can search by: 6-20 characters, a letter first',
      )
      .option('--json', 'print the account as JSON'),
  ).action(
    async (
      opts: DatabaseOptions & {
        org: string;
        type: 'subscription' | 'service';
        name: string;
        verified: boolean;
        alias?: string;
        json?: boolean;
      },
    ) => {
      await withContext(loadCliConfig(opts), async (ctx) => {
        // One transaction: a rejected account must not leave a new, empty organisation behind.
        const { organization, created, row } = await ctx.db.transaction().execute(async (trx) => {
          const scoped: AppContext = { ...ctx, db: trx };
          const org = await resolveOrganization(scoped, opts.org, { createMissing: true });
          const account = await createAccount(scoped, {
            organization_id: org.organization.id,
            type: opts.type,
            name: opts.name,
            verified: opts.verified,
            alias: opts.alias ?? null,
          });
          return { ...org, row: account };
        });
        if (opts.json) {
          out(
            JSON.stringify(
              {
                ...presentAccount(row),
                organization: { id: organization.id, name: organization.name, created },
              },
              null,
              2,
            ),
          );
          return;
        }
        if (created) out(`Created organisation "${organization.name}" (${organization.id})`);
        out(`Created account "${row.name}" [${describeType(row)}] in "${organization.name}"`);
        out(`  appid:        ${row.appid}`);
        out(`  appsecret:    ${row.appsecret}`);
        out(`  original id:  ${row.original_id}`);
        if (row.alias) out(`  WeChat id:    ${row.alias}`);
      });
    },
  );

  addDatabaseOptions(
    account
      .command('list')
      .description('list official accounts, oldest first')
      .option('--org <id|name>', 'only accounts of this organisation')
      .option('--json', 'print a JSON array (credentials included)'),
  ).action(async (opts: DatabaseOptions & { org?: string; json?: boolean }) => {
    await withContext(loadCliConfig(opts), async (ctx) => {
      const org =
        opts.org === undefined
          ? undefined
          : (await resolveOrganization(ctx, opts.org, { createMissing: false })).organization;
      const rows = await findAccounts(ctx, org ? { organization_id: org.id } : {});
      if (opts.json) {
        out(JSON.stringify(rows.map(presentAccount), null, 2));
        return;
      }
      if (rows.length === 0) {
        out(
          org
            ? `No accounts in "${org.name}".`
            : 'No accounts yet. Create one with `gongzhong account create`.',
        );
        return;
      }
      const orgNames = new Map((await findOrganizations(ctx)).map((o) => [o.id, o.name]));
      out(
        formatTable(
          ['APPID', 'TYPE', 'ORIGINAL ID', 'ORGANISATION', 'NAME'],
          rows.map((r) => [
            r.appid,
            describeType(r),
            r.original_id,
            orgNames.get(r.organization_id) ?? r.organization_id,
            r.name,
          ]),
        ),
      );
    });
  });

  addDatabaseOptions(
    account
      .command('show')
      .description('show one account, credentials and developer settings included')
      .argument('<appid>', 'the account appid (wx...)')
      .option('--json', 'print as JSON'),
  ).action(async (appid: string, opts: DatabaseOptions & { json?: boolean }) => {
    await withContext(loadCliConfig(opts), async (ctx) => {
      const view = presentAccount(await getAccount(ctx, appid));
      if (opts.json) {
        out(JSON.stringify(view, null, 2));
        return;
      }
      out(`${view.name}  [${view.type}${view.verified ? ', verified' : ''}]`);
      out(`  appid:            ${view.appid}`);
      out(`  appsecret:        ${view.appsecret}`);
      out(`  original id:      ${view.original_id}`);
      if (view.alias) out(`  WeChat id:        ${view.alias}`);
      out(`  organisation:     ${view.organization_id}`);
      out(
        `  server URL:       ${view.developer.url ?? '(not set)'}${view.developer.enabled ? '' : ' (developer mode off)'}`,
      );
      out(`  Token:            ${view.developer.token ?? '(not set)'}`);
      out(`  EncodingAESKey:   ${view.developer.encoding_aes_key ?? '(not set)'}`);
      out(`  message mode:     ${view.developer.message_mode}`);
      out(
        `  IP allowlist:     ${view.ip_whitelist.length > 0 ? view.ip_whitelist.join(', ') : '(none: any address)'}`,
      );
      out(`  created:          ${view.created_at}`);
    });
  });

  addDatabaseOptions(
    account
      .command('reset-secret')
      .description(
        'issue a new appsecret and print it (the old one stops working at once; issued tokens stay valid)',
      )
      .argument('<appid>', 'the account appid (wx...)'),
  ).action(async (appid: string, opts: DatabaseOptions) => {
    await withContext(loadCliConfig(opts), async (ctx) => {
      const row = await resetAccountSecret(ctx, appid);
      out(row.appsecret);
    });
  });

  const adminKey = program.command('admin-key').description('manage the admin API key for /gz/v1');
  addDatabaseOptions(
    adminKey
      .command('reset')
      .description(
        'replace the stored admin API key and print the new one (shown once; the old key stops working)',
      ),
  ).action(async (opts: DatabaseOptions) => {
    const config = loadCliConfig(opts);
    await withContext(config, async (ctx) => {
      const { generated } = await resetAdminKey(ctx.db);
      out(generated);
      // A configured key wins over the stored one, so the new key would be ignored.
      if (config.adminKey)
        process.stderr.write(
          'gongzhong: note: GZ_ADMIN_KEY is set; the platform uses it, not the stored key, until it is unset\n',
        );
    });
  });
}

function describeType(row: AccountsTable): string {
  return `${row.type}${row.verified ? ', verified' : ''}`;
}

/**
 * `--org` takes an id or a name. A name matching no organisation creates one
 * (for `create`), but something shaped like an id never does: a mistyped id
 * should fail, not conjure an organisation called "org_...".
 */
async function resolveOrganization(
  ctx: AppContext,
  idOrName: string,
  opts: { createMissing: boolean },
): Promise<{ organization: OrganizationsTable; created: boolean }> {
  const all = await findOrganizations(ctx);
  const byId = all.find((o) => o.id === idOrName);
  if (byId) return { organization: byId, created: false };
  const byName = all.filter((o) => o.name === idOrName.trim());
  if (byName.length === 1) return { organization: byName[0]!, created: false };
  if (byName.length > 1) {
    throw new CliError(
      `${byName.length} organisations are named "${idOrName}"; pass one of their ids: ${byName.map((o) => o.id).join(', ')}`,
    );
  }
  if (/^org_[0-9a-z]+$/.test(idOrName)) throw new CliError(`no organisation with id ${idOrName}`);
  if (!opts.createMissing) throw new CliError(`no organisation with id or name "${idOrName}"`);
  return { organization: await createOrganization(ctx, { name: idOrName }), created: true };
}
