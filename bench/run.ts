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
 * loopback developer server and back, against a direct POST of the same push.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createContext } from '../src/server/create-context.ts';
import { sha256Hex } from '../src/server/lib/ids.ts';
import { createAccount } from '../src/server/modules/accounts/create-account.ts';
import { createOrganization } from '../src/server/modules/organizations/create-organization.ts';
import { benchCallbackRoundTrip } from './callback-round-trip.ts';

const KEY = 'bench-admin-key-0123456789';
const N = Number(process.env.BENCH_N ?? 3000);
const MAX_RATIO = 3;

async function main(): Promise<boolean> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gz-bench-'));
  const config = loadConfig({}, { dataDir: dir, logLevel: 'silent', worker: false, adminKey: KEY });
  const ctx = await createContext(config);
  const app = await buildApp(ctx, { adminKeyHash: sha256Hex(KEY) });
  const org = await createOrganization(ctx, { name: 'bench' });
  const account = await createAccount(ctx, {
    organization_id: org.id,
    type: 'service',
    verified: true,
    name: 'bench',
  });
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
  await app.close();
  await ctx.database.close();
  rmSync(dir, { recursive: true, force: true });
  if (ratio > MAX_RATIO) {
    console.error('FAIL: token-authenticated calls are too slow relative to the baseline');
    return false;
  }
  return true;
}

const tokenOk = await main();
console.log();
const callbackOk = await benchCallbackRoundTrip();
if (!tokenOk || !callbackOk) process.exit(1);
