/**
 * Mass-send fan-out: `/cgi-bin/message/mass/sendall` to every follower of an
 * account with `BENCH_MASS_N` followers (default 100,000), timed from the
 * call until MASSSENDJOBFINISH reaches a loopback developer server (job runs
 * driven in-process, throttling off), against a raw `INSERT … SELECT` of the
 * same message rows in the same run. The send does more than the raw insert
 * (batches with counts, the monthly-cap upsert, progress), so the target is
 * a ratio, not parity.
 */
import { sql } from 'kysely';
import { runDueJobs } from '../src/server/jobs/worker.ts';
import { bulkFollowers } from '../test/helpers/bulk-followers.ts';
import { startDeveloperServer } from '../test/helpers/developer-server.ts';
import { BENCH_ADMIN_KEY, startBenchPlatform } from './bench-platform.ts';

const N = Number(process.env.BENCH_MASS_N ?? 100_000);
const MAX_RATIO = 4;

export async function benchMassSendFanOut(): Promise<boolean> {
  const platform = await startBenchPlatform({ massSendThrottle: false });
  const { app, ctx, account } = platform;
  const dev = await startDeveloperServer('benchtoken');
  try {
    await bulkFollowers(ctx, account, N);
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
      select 'msg_raw_' || f.id, f.account_id, f.id, f.user_id, 'out', 'text', '1', '{"content":"raw"}', 'mass_send', null, ${Date.now()}
      from followers f where f.account_id = ${account.id} and f.subscribed = 1 and f.blacklisted = 0`.execute(
      ctx.db,
    );
    const rawMs = performance.now() - rawStarted;
    await ctx.db.deleteFrom('messages').where('msg_id', '=', '1').execute();

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
    console.log(`mass-send fan-out to ${N} followers, SQLite`);
    console.log(`raw INSERT … SELECT of the same rows   ${rawMs.toFixed(0).padStart(7)} ms`);
    console.log(`sendall → MASSSENDJOBFINISH            ${sendMs.toFixed(0).padStart(7)} ms`);
    console.log(`ratio send/raw: ${ratio.toFixed(2)} (target <= ${MAX_RATIO})`);
    if (ratio > MAX_RATIO) {
      console.error('FAIL: the mass-send fan-out is too slow relative to a raw INSERT … SELECT');
      return false;
    }
    return true;
  } finally {
    await dev.close();
    await platform.close();
  }
}
