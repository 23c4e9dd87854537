/**
 * `npm run bench`: throughput of the Open API hot path against a baseline
 * taken in the same run (these machines are noisy, so targets are ratios).
 *
 * - baseline: GET /gz/v1/health (one trivial query)
 * - token call: GET /cgi-bin/getcallbackip with a valid access_token (token
 *   cache lookup + capability check + daily-quota increment)
 *
 * Target: the token call costs at most 3x the baseline on SQLite, i.e. token
 * validation is a cache lookup, not extra queries per request.
 *
 * Then bench/callback-round-trip.ts: a follower message through the API to a
 * loopback developer server and back, against a direct POST of the same push;
 * then bench/mass-send-fan-out.ts: sendall to 1,000,000 followers until
 * MASSSENDJOBFINISH, against a raw INSERT … SELECT of the same rows, on
 * SQLite and on PostgreSQL (DATABASE_URL, or an embedded server).
 */
import { startBenchPlatform, stopBenchPostgres } from './bench-platform.ts';
import { benchCallbackRoundTrip } from './callback-round-trip.ts';
import { benchMassSendFanOut } from './mass-send-fan-out.ts';

const N = Number(process.env.BENCH_N ?? 3000);
const MAX_RATIO = 3;

async function main(): Promise<boolean> {
  const platform = await startBenchPlatform();
  const { app, account } = platform;
  const tokenRes = await app.inject({
    url: `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
  });
  const token = tokenRes.json<{ access_token: string }>().access_token;

  async function measure(label: string, url: string, headers: Record<string, string> = {}): Promise<number> {
    for (let i = 0; i < 200; i++) await app.inject({ url, headers }); // warm-up
    const started = performance.now();
    for (let i = 0; i < N; i++) {
      const res = await app.inject({ url, headers });
      if (res.statusCode !== 200 || res.body.includes('errcode')) throw new Error(`${label}: ${res.body}`);
    }
    const perCall = (performance.now() - started) / N;
    console.log(
      `${label.padEnd(28)} ${(1000 / perCall).toFixed(0).padStart(7)} req/s  ${(perCall * 1000).toFixed(0)} µs/call`,
    );
    return perCall;
  }

  const baseline = await measure('baseline /gz/v1/health', '/gz/v1/health');
  const tokenCall = await measure('token call getcallbackip', `/cgi-bin/getcallbackip?access_token=${token}`);
  const ratio = tokenCall / baseline;
  console.log(`ratio token/baseline: ${ratio.toFixed(2)} (target <= ${MAX_RATIO})`);
  await platform.close();
  if (ratio > MAX_RATIO) {
    console.error('FAIL: token-authenticated calls are too slow relative to the baseline');
    return false;
  }
  return true;
}

const tokenOk = await main();
console.log();
const callbackOk = await benchCallbackRoundTrip();
console.log();
let massOk: boolean;
try {
  massOk = await benchMassSendFanOut();
} finally {
  await stopBenchPostgres();
}
if (!tokenOk || !callbackOk || !massOk) process.exit(1);
