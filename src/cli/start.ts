import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { publicBaseUrl, type Config } from '../server/config.ts';
import type { AppContext } from '../server/context.ts';
import { createContext } from '../server/create-context.ts';
import { ensureAdminKey } from '../server/modules/admin/admin-key.ts';
import { ensureFirstConsoleAdmin } from '../server/modules/console/ensure-first-console-admin.ts';
import { findAccounts } from '../server/modules/accounts/find-accounts.ts';
import { seedDemo } from '../server/seed-demo.ts';
import { startWorker, type Worker } from '../server/jobs/worker.ts';
import { CliError, explainStartupError } from './cli-errors.ts';

/** A running platform, as tests and the CLI hold it. */
export interface RunningPlatform {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  worker: Worker | null;
  stop(): Promise<void>;
}

/**
 * Opens the database, migrates, seeds demo data on first run, listens and
 * starts the job worker. Prints credentials and URLs to `out`.
 */
export async function startPlatform(
  config: Config,
  out: (line: string) => void = console.log,
): Promise<RunningPlatform> {
  let ctx: AppContext;
  try {
    ctx = await createContext(config);
  } catch (err) {
    throw new CliError(explainStartupError(err, config));
  }
  const seeded = config.demoData ? await seedDemo(ctx) : null;
  const adminKey = await ensureAdminKey(ctx.db, config.adminKey);
  const consoleAdmin = await ensureFirstConsoleAdmin(ctx);
  const app = await buildApp(ctx, { adminKeyHash: adminKey.hash });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close().catch(() => undefined);
    await ctx.database.close().catch(() => undefined);
    throw new CliError(explainStartupError(err, config));
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = publicBaseUrl(config, port);
  const worker = config.worker ? startWorker(ctx) : null;

  const accounts = await findAccounts(ctx);
  out('');
  out(
    `Gongzhong is running at ${url}  (${ctx.dialect}: ${ctx.database.location}${config.sandbox ? ', sandbox mode' : ''})`,
  );
  out(`  API docs (OpenAPI):  ${url}/docs`);
  out(`  Open API base:       ${url}  (point your SDK's api.weixin.qq.com here)`);
  out(`  Own API:             ${url}/gz/v1  (Authorization: Bearer <admin key>)`);
  out(`  Follower client:     ${url}/app  (a WeChat-like phone app; no key needed)`);
  if (adminKey.generated) out(`  Admin API key:       ${adminKey.generated}   <- shown once; store it`);
  else if (!config.adminKey)
    out('  Admin API key:       (set on first start; `gongzhong admin-key reset` prints a new one)');
  if (consoleAdmin)
    out(
      `  Console:             ${url}/console  (user ${consoleAdmin.username}, password ${consoleAdmin.password}   <- shown once)`,
    );
  else out(`  Console:             ${url}/console`);
  out('');
  for (const account of accounts) {
    out(`  ${account.name}  [${account.type}${account.verified ? ', verified' : ''}]`);
    out(`    appid:           ${account.appid}`);
    out(`    appsecret:       ${account.appsecret}`);
    out(`    Token:           ${account.server_token ?? '(not set)'}`);
    out(`    EncodingAESKey:  ${account.encoding_aes_key ?? '(not set)'}`);
    out(`    original id:     ${account.original_id}`);
  }
  if (accounts.length > 0) {
    const first = accounts[0]!;
    out('');
    out(
      `  Try: curl '${url}/cgi-bin/token?grant_type=client_credential&appid=${first.appid}&secret=${first.appsecret}'`,
    );
  }
  if (seeded) out(`  (demo data created on first run: ${seeded.length} accounts)`);
  out('');

  let stopped = false;
  return {
    app,
    ctx,
    url,
    worker,
    async stop() {
      if (stopped) return;
      stopped = true;
      await worker?.stop();
      await app.close();
      await ctx.database.close();
    },
  };
}
