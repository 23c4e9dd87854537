import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, fetchToken } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

describe.each(DIALECTS)('smoke on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  it('issues a token and answers getcallbackip with it', async () => {
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    const res = await p.app.inject({ url: `/cgi-bin/getcallbackip?access_token=${token}` });
    expect(res.json()).toEqual({ ip_list: ['127.0.0.1'] });
  });
});
