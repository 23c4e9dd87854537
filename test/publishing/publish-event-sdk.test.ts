/**
 * PUBLISHJOBFINISH as a developer's SDK reads it: the published node-webot
 * `wechat` middleware in safe mode (decrypting the push, then xml2js) on a
 * bare node:http server. The lowercase PublishEventInfo children (§4.4,
 * Appendix A.6) arrive as the SDK's fields, with the article links of a
 * success and the repeated fail_idx of a rejection.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import wechat from 'wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import { buildAccount, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { expectOk, startMediaPlatform } from '../media/media-kit.ts';

const TOKEN = 'gzPublishToken1';
const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';

describe.each(DIALECTS)('PUBLISHJOBFINISH through the wechat middleware on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;
  let server: http.Server;
  let url: string;
  const parsed: wechat.Message[] = [];
  let account: AccountsTable;
  let token: string;

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
    account = await buildAccount(kit.p.ctx);
    token = await kit.token(account);
    const middleware = wechat({ token: TOKEN, appid: account.appid, encodingAESKey: AES_KEY }, (req, res) => {
      parsed.push(req.weixin!);
      res.reply('');
    });
    server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
      middleware(Object.assign(req, { query }), res, (err) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat`;
    const saved = await ownApi(kit.p, 'PUT', `/accounts/${account.appid}/developer`, {
      url,
      token: TOKEN,
      encoding_aes_key: AES_KEY,
      message_mode: 'safe',
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await kit.p.close();
  });

  const post = (path: string, body: unknown) => kit.postJson(`/cgi-bin/${path}?access_token=${token}`, body);
  const drain = async () => {
    while ((await runDueJobs(kit.p.ctx, { limit: 4 })) > 0);
  };

  async function publish(articles: { title: string; content: string }[]): Promise<number> {
    const cover = expectOk(
      await kit.upload(`/cgi-bin/material/add_material?access_token=${token}&type=image`, {
        filename: 'c.png',
        bytes: await samplePng(20, 20),
      }),
    ).media_id as string;
    const draft = expectOk(
      await post('draft/add', { articles: articles.map((a) => ({ ...a, thumb_media_id: cover })) }),
    ).media_id as string;
    const publishId = expectOk(await post('freepublish/submit', { media_id: draft })).publish_id as number;
    parsed.length = 0;
    await drain();
    return publishId;
  }

  it('hands the SDK a success with article_id and each article’s link', async () => {
    const publishId = await publish([{ title: 'Only', content: '<p>fine</p>' }]);
    const status = expectOk(await post('freepublish/get', { publish_id: publishId }));
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({
      ToUserName: account.original_id,
      MsgType: 'event',
      Event: 'PUBLISHJOBFINISH',
      PublishEventInfo: {
        publish_id: String(publishId),
        publish_status: '0',
        article_id: status.article_id,
        article_detail: {
          count: '1',
          item: {
            idx: '1',
            article_url: (status.article_detail as { item: { article_url: string }[] }).item[0]!.article_url,
          },
        },
      },
    });
  });

  it('hands the SDK a rejection with every failed article number', async () => {
    const words = await ownApi(kit.p, 'POST', `/organizations/${account.organization_id}/sensitive-words`, {
      word: 'blocked',
    });
    expect(words.status).toBe(201);
    const publishId = await publish([
      { title: 'blocked one', content: '<p>x</p>' },
      { title: 'clean', content: '<p>x</p>' },
      { title: 'two', content: '<p>also blocked</p>' },
    ]);
    expect(parsed).toHaveLength(1);
    const info = parsed[0]!.PublishEventInfo as wechat.Message;
    expect(info).toMatchObject({ publish_id: String(publishId), publish_status: '4' });
    expect(info.fail_idx).toEqual(['1', '3']);
    expect(info).not.toHaveProperty('article_id');
  });
});
