/**
 * Mass-send fan-out, on SQLite and on PostgreSQL:
 * `/cgi-bin/message/mass/sendall` to every follower of an account with
 * `BENCH_MASS_N` followers (default 1,000,000), timed from the call until
 * MASSSENDJOBFINISH reaches a loopback developer server (job runs driven
 * in-process, throttling off), against a raw `INSERT … SELECT` of the same
 * message rows in the same run and database. Making the followers is set-up
 * and not timed. The send does more than the raw insert (batches with
 * counts, the monthly-cap upsert, progress, and on PostgreSQL the live-stream
 * NOTIFY per batch), so the target is a ratio, not parity.
 */
import { sql } from 'kysely';
import type { DialectName } from '../src/server/db/index.ts';
import { runDueJobs } from '../src/server/jobs/worker.ts';
import { bulkFollowers } from '../test/helpers/bulk-followers.ts';
import { startDeveloperServer } from '../test/helpers/developer-server.ts';
import { BENCH_ADMIN_KEY, startBenchPlatform } from './bench-platform.ts';

const N = Number(process.env.BENCH_MASS_N ?? 1_000_000);

/**
 * Most send/raw each dialect may take. Measured at 1,000,000 on 2 vCPUs:
 * SQLite 2.1–2.4, PostgreSQL 2.8–5.2 (about 5 on a quiet machine; over half
 * of that send is the per-batch live-stream publish). See bench/README.md.
 */
const MAX_RATIO: Record<DialectName, number> = { sqlite: 4, postgres: 8 };

const LABEL: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export async function benchMassSendFanOut(): Promise<boolean> {
  let ok = true;
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (dialect !== 'sqlite') console.log();
    ok = (await benchOnDialect(dialect)) && ok;
  }
  return ok;
}

async function benchOnDialect(dialect: DialectName): Promise<boolean> {
  const platform = await startBenchPlatform({ massSendThrottle: false }, { dialect });
  const { app, ctx, account } = platform;
  const dev = await startDeveloperServer('benchtoken');
  try {
    const setupStarted = performance.now();
    await bulkFollowers(ctx, account, N);
    // Fresh planner statistics, as autovacuum would have them shortly after a load this size.
    if (dialect === 'postgres') await sql`analyze`.execute(ctx.db);
    const setupMs = performance.now() - setupStarted;
    const saved = await app.inject({
      method: 'PUT',
      url: `/gz/v1/accounts/${account.appid}/developer`,
      headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}` },
      payload: { url: dev.url, token: 'benchtoken', message_mode: 'plaintext', enabled: true },
    });
    if (saved.statusCode !== 200) throw new Error(`developer config: ${saved.body}`);
    const token = (
      await app.inject({
        url: `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
      })
    ).json<{ access_token: string }>().access_token;

    // Baseline: the same rows in one statement, then removed again.
    const rawStarted = performance.now();
    await sql`insert into messages (id, account_id, follower_id, user_id, direction, msg_type, msg_id, content, source, delivery_id, created_at)
      select 'msg_raw_' || f.id, f.account_id, f.id, f.user_id, 'out', 'text', '1', '{"content":"raw"}', 'mass_send', null, cast(${Date.now()} as bigint)
      from followers f where f.account_id = ${account.id} and f.subscribed = 1 and f.blacklisted = 0`.execute(
      ctx.db,
    );
    const rawMs = performance.now() - rawStarted;
    await ctx.db.deleteFrom('messages').where('msg_id', '=', '1').execute();
    // The send should not pay for the baseline's dead rows (autovacuum's job in production).
    if (dialect === 'postgres') await sql`vacuum analyze messages`.execute(ctx.db);

    const started = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: `/cgi-bin/message/mass/sendall?access_token=${token}`,
      payload: { filter: { is_to_all: true }, msgtype: 'text', text: { content: 'bench' } },
    });
    const { msg_id: msgId } = res.json<{ msg_id?: number }>();
    if (!msgId) throw new Error(`sendall: ${res.body}`);
    while ((await runDueJobs(ctx)) > 0);
    const finish = dev.received.find((r) => r.body.includes('MASSSENDJOBFINISH'));
    const sendMs = performance.now() - started;
    if (!finish?.body.includes(`<SentCount>${N}</SentCount>`))
      throw new Error(`no MASSSENDJOBFINISH with SentCount ${N}: ${finish?.body ?? 'none'}`);

    const ratio = sendMs / rawMs;
    const max = MAX_RATIO[dialect];
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    console.log(`mass-send fan-out to ${N} followers, ${LABEL[dialect]}`);
    console.log(`set-up: ${N} bulk followers (not timed)  ${setupMs.toFixed(0).padStart(7)} ms`);
    console.log(`raw INSERT … SELECT of the same rows   ${rawMs.toFixed(0).padStart(7)} ms`);
    console.log(`sendall → MASSSENDJOBFINISH            ${sendMs.toFixed(0).padStart(7)} ms`);
    console.log(`ratio send/raw: ${ratio.toFixed(2)} (target <= ${max}); process RSS ${rssMb.toFixed(0)} MB`);
    if (ratio > max) {
      console.error(
        `FAIL: the mass-send fan-out on ${LABEL[dialect]} is too slow relative to a raw INSERT … SELECT`,
      );
      return false;
    }
    return true;
  } finally {
    await dev.close();
    await platform.close();
  }
}
