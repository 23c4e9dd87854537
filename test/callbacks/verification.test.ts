/**
 * Saving a server URL runs WeChat's echostr check (§2.1) and refuses to save
 * when the developer server fails it, saying what was sent, what came back
 * and why, so the console's verification doctor can show it.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, ownApi, type ApiError } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

const TOKEN = 'verifytoken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

interface AccountBody {
  developer: { url: string | null; enabled: boolean; message_mode: string };
}

type Report = ApiError['details'] extends (infer D)[] | undefined ? D & Record<string, unknown> : never;

describe.each(DIALECTS)('server URL verification on %s', (dialect) => {
  let p: TestPlatform;
  let dev: DeveloperServer;

  beforeAll(async () => {
    p = await createTestPlatform(dialect, { callbackTimeoutMs: 300 });
    dev = await startDeveloperServer(TOKEN);
  });
  afterAll(async () => {
    await dev.close();
    await p.close();
  });

  async function save(appid: string, body: Record<string, unknown>) {
    return ownApi<AccountBody & ApiError>(p, 'PUT', `/accounts/${appid}/developer`, {
      url: dev.url,
      token: TOKEN,
      ...body,
    });
  }

  it('sends a plaintext GET with signature, timestamp, nonce and echostr, even in safe mode, and saves on the right echo', async () => {
    const account = await buildAccount(p.ctx);
    dev.received.length = 0;
    const saved = await save(account.appid, { message_mode: 'safe', encoding_aes_key: AES_KEY });
    expect(saved.status).toBe(200);
    expect(saved.body.developer).toMatchObject({ url: dev.url, enabled: true, message_mode: 'safe' });
    expect(dev.received).toHaveLength(1);
    const get = dev.received[0]!;
    expect(get.method).toBe('GET');
    expect([...get.query.keys()].sort()).toEqual(['echostr', 'nonce', 'signature', 'timestamp']);
    const q = get.query;
    const expected = createHash('sha1')
      .update([TOKEN, q.get('timestamp')!, q.get('nonce')!].sort().join(''))
      .digest('hex');
    expect(q.get('signature')).toBe(expected);
  });

  it('refuses to save when the server echoes something else, and says why', async () => {
    const account = await buildAccount(p.ctx);
    dev.onGet(() => ({ body: 'hello' }));
    try {
      const refused = await save(account.appid, {});
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('SERVER_VERIFICATION_FAILED');
      const report = refused.body.details![0] as Report;
      expect(report).toMatchObject({
        path: 'url',
        ok: false,
        reason: 'wrong_echostr',
        response_status: 200,
        response_body: 'hello',
      });
      expect(String(report.request_url)).toContain(`echostr=${String(report.echostr)}`);
      expect(refused.body.message).toMatch(/same Token/);
      const after = await ownApi<AccountBody>(p, 'GET', `/accounts/${account.appid}`);
      expect(after.body.developer).toMatchObject({ url: null, enabled: false });
    } finally {
      dev.reset();
    }
  });

  it('reports a wrong Token, a non-200, a timeout and a closed port distinctly', async () => {
    const account = await buildAccount(p.ctx);
    // The default handler checks the signature with TOKEN: another token fails it with 401.
    const wrongToken = await save(account.appid, { token: 'anothertoken' });
    expect((wrongToken.body.details![0] as Report).reason).toBe('http_status');
    expect((wrongToken.body.details![0] as Report).response_status).toBe(401);

    dev.onGet(() => 'hang');
    const slow = await save(account.appid, {});
    expect((slow.body.details![0] as Report).reason).toBe('timeout');
    dev.reset();

    const closed = await save(account.appid, { url: 'http://127.0.0.1:9/wx' });
    expect(closed.status).toBe(422);
    expect((closed.body.details![0] as Report).reason).toBe('network');
    expect(closed.body.message).toMatch(/connection refused/);
  });

  it('saves without a check while developer mode stays off', async () => {
    const account = await buildAccount(p.ctx);
    const off = await save(account.appid, { url: 'http://127.0.0.1:9/off', enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.developer).toMatchObject({ url: 'http://127.0.0.1:9/off', enabled: false });
  });

  it('with the SSRF guard on, internal addresses are refused before any request', async () => {
    const guarded = await createTestPlatform(dialect, { callbackBlockPrivate: true });
    try {
      const account = await buildAccount(guarded.ctx);
      dev.received.length = 0;
      for (const url of [
        dev.url,
        'http://localhost:9/wx',
        'http://169.254.169.254/latest',
        'http://[::1]:9/wx',
      ]) {
        const res = await ownApi<ApiError>(guarded, 'PUT', `/accounts/${account.appid}/developer`, {
          url,
          token: TOKEN,
        });
        expect(res.status, url).toBe(422);
        expect(res.body.code, url).toBe('CALLBACK_URL_FORBIDDEN');
      }
      expect(dev.received).toHaveLength(0);
    } finally {
      await guarded.close();
    }
  });
});
