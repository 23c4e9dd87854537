import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount } from '../../../../test/helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../../../../test/helpers/platform.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { MAX_RULES_PER_ACCOUNT } from './autoreply.schemas.ts';

/** The fields these tests read from /gz/v1 answers. */
interface ApiBody {
  [key: string]: unknown;
  id: string;
  code: string;
  message: string;
  details: { path: string; message: string }[];
  rule_name: string;
  keywords: { match_mode: string; content: string }[];
  replies: unknown[];
  reply_mode: string;
  position: number;
  settings: Record<string, unknown>;
  rules: { id: string; rule_name: string; position: number }[];
  rule: { id: string; rule_name: string } | null;
  reason: string;
  developer_mode?: boolean;
}

const text = (content: string) => ({ msgtype: 'text', text: { content } });

describe.each(DIALECTS)('auto-reply API on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  async function api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
    const res = await p.app.inject({
      method,
      url: `/gz/v1${url}`,
      headers: p.adminHeaders,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.body ? res.json<ApiBody>() : ({} as ApiBody) };
  }

  function rule(name: string, keyword = name, extra: Record<string, unknown> = {}) {
    return {
      rule_name: name,
      keywords: [{ match_mode: 'contain', content: keyword }],
      replies: [text(`reply to ${name}`)],
      ...extra,
    };
  }

  async function createRule(account: AccountsTable, body: unknown) {
    const res = await api('POST', `/accounts/${account.appid}/autoreply/rules`, body);
    expect(res.status).toBe(201);
    return res.body;
  }

  it('shows the defaults for an account that never saved settings', async () => {
    const account = await buildAccount(p.ctx);
    const res = await api('GET', `/accounts/${account.appid}/autoreply`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      settings: {
        autoreply_open: true,
        follow_reply_open: true,
        follow_reply: null,
        default_reply_open: true,
        default_reply: null,
        updated_at: null,
      },
      rules: [],
    });
  });

  it('updates settings partially and keeps what was not sent', async () => {
    const account = await buildAccount(p.ctx);
    const url = `/accounts/${account.appid}/autoreply/settings`;
    const first = await api('PUT', url, { follow_reply: text('欢迎关注') });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ autoreply_open: true, follow_reply: text('欢迎关注') });
    expect(typeof first.body.updated_at).toBe('string');

    const second = await api('PUT', url, {
      default_reply_open: false,
      default_reply: { msgtype: 'image', image: { media_id: 'MEDIA_1' } },
    });
    expect(second.body).toMatchObject({
      follow_reply: text('欢迎关注'),
      default_reply_open: false,
      default_reply: { msgtype: 'image', image: { media_id: 'MEDIA_1' } },
    });

    const third = await api('PUT', url, { follow_reply: null, autoreply_open: false });
    const shown = await api('GET', `/accounts/${account.appid}/autoreply`);
    expect(third.body).toEqual(shown.body.settings);
    expect(shown.body.settings).toMatchObject({
      autoreply_open: false,
      follow_reply: null,
      default_reply_open: false,
    });
  });

  it('refuses settings with news or music replies, unknown fields and bad flags', async () => {
    const account = await buildAccount(p.ctx);
    const url = `/accounts/${account.appid}/autoreply/settings`;
    const news = await api('PUT', url, {
      follow_reply: { msgtype: 'news', news: { articles: [{ title: 'T' }] } },
    });
    expect(news.status).toBe(400);
    expect(news.body.code).toBe('VALIDATION_FAILED');
    expect(news.body.details.map((d) => d.path)).toEqual(['follow_reply.msgtype']);
    const music = await api('PUT', url, { default_reply: { msgtype: 'music', music: {} } });
    expect(music.body.code).toBe('VALIDATION_FAILED');
    const extra = await api('PUT', url, { autoreply_open: 1, colour: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.body.details.map((d) => d.path).sort()).toEqual(['', 'autoreply_open']);
  });

  it('creates, shows, updates and deletes a rule', async () => {
    const account = await buildAccount(p.ctx);
    const base = `/accounts/${account.appid}/autoreply/rules`;
    const created = await createRule(account, {
      rule_name: ' Prices ',
      keywords: [
        { match_mode: 'full', content: ' 价格 ' },
        { match_mode: 'contain', content: 'price' },
      ],
      replies: [text('十元'), { msgtype: 'voice', voice: { media_id: 'VOICE_1' } }],
      reply_mode: 'random_one',
    });
    expect(created).toMatchObject({
      rule_name: 'Prices',
      keywords: [
        { match_mode: 'equal', content: '价格' },
        { match_mode: 'contain', content: 'price' },
      ],
      replies: [text('十元'), { msgtype: 'voice', voice: { media_id: 'VOICE_1' } }],
      reply_mode: 'random_one',
      position: 0,
    });
    expect(created.id).toMatch(/^arl_/);

    const shown = await api('GET', `${base}/${created.id}`);
    expect(shown.body).toEqual(created);

    const updated = await api('PUT', `${base}/${created.id}`, {
      rule_name: 'Price list',
      reply_mode: 'reply_all',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: created.id,
      rule_name: 'Price list',
      reply_mode: 'reply_all',
      keywords: created.keywords,
      replies: created.replies,
      position: 0,
    });

    const all = await api('GET', `/accounts/${account.appid}/autoreply`);
    expect(all.body.rules).toEqual([updated.body]);

    const deleted = await p.app.inject({
      method: 'DELETE',
      url: `/gz/v1${base}/${created.id}`,
      headers: p.adminHeaders,
    });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await api('GET', `${base}/${created.id}`)).status).toBe(404);
    expect((await api('GET', `/accounts/${account.appid}/autoreply`)).body.rules).toEqual([]);
  });

  it('defaults reply_mode to reply_all and appends new rules last', async () => {
    const account = await buildAccount(p.ctx);
    const a = await createRule(account, rule('A'));
    const b = await createRule(account, rule('B'));
    expect(a.reply_mode).toBe('reply_all');
    expect([a.position, b.position]).toEqual([0, 1]);
  });

  it('answers 404 for an unknown rule or appid, and for another account’s rule', async () => {
    const account = await buildAccount(p.ctx);
    const other = await buildAccount(p.ctx);
    const theirs = await createRule(other, rule('Theirs'));
    const base = `/accounts/${account.appid}/autoreply/rules`;
    for (const res of [
      await api('GET', `${base}/arl_missing`),
      await api('PUT', `${base}/arl_missing`, { rule_name: 'x' }),
      await api('DELETE', `${base}/arl_missing`),
      await api('GET', `${base}/${theirs.id}`),
      await api('DELETE', `${base}/${theirs.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('AUTOREPLY_RULE_NOT_FOUND');
    }
    expect((await api('GET', `/accounts/${other.appid}/autoreply/rules/${theirs.id}`)).status).toBe(200);

    for (const res of [
      await api('GET', '/accounts/wx0000000000000000/autoreply'),
      await api('PUT', '/accounts/wx0000000000000000/autoreply/settings', { autoreply_open: false }),
      await api('POST', '/accounts/wx0000000000000000/autoreply/rules', rule('A')),
      await api('POST', '/accounts/wx0000000000000000/autoreply/test', { text: 'hi' }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ACCOUNT_NOT_FOUND');
    }
  });

  it('enforces each limit on a rule', async () => {
    const account = await buildAccount(p.ctx);
    const url = `/accounts/${account.appid}/autoreply/rules`;
    const keyword = { match_mode: 'contain', content: 'k' };
    const reply = text('r');
    const cases: [string, Record<string, unknown>][] = [
      ['rule_name', { rule_name: 'n'.repeat(61) }],
      ['rule_name', { rule_name: '   ' }],
      ['keywords', { keywords: Array.from({ length: 11 }, (_, i) => ({ ...keyword, content: `k${i}` })) }],
      ['keywords', { keywords: [] }],
      ['keywords.0.content', { keywords: [{ match_mode: 'contain', content: '字'.repeat(31) }] }],
      ['keywords.0.content', { keywords: [{ match_mode: 'equal', content: ' ' }] }],
      ['keywords.0.match_mode', { keywords: [{ match_mode: 'regex', content: 'k' }] }],
      ['replies', { replies: Array.from({ length: 6 }, () => reply) }],
      ['replies', { replies: [] }],
      ['replies.0.msgtype', { replies: [{ msgtype: 'music', music: { title: 'song' } }] }],
      ['replies.0.msgtype', { replies: [{ msgtype: 'notice', notice: { content: 'x' } }] }],
      ['replies.0.image.media_id', { replies: [{ msgtype: 'image', image: { media_id: '' } }] }],
      ['reply_mode', { reply_mode: 'some' }],
    ];
    for (const [path, patch] of cases) {
      const res = await api('POST', url, { ...rule('Limits', 'k'), ...patch });
      expect(res.status, path).toBe(400);
      expect(res.body.code, path).toBe('VALIDATION_FAILED');
      expect(
        res.body.details.map((d) => d.path),
        JSON.stringify(patch),
      ).toContain(path);
    }
    // The boundaries themselves are accepted.
    const ok = await createRule(account, {
      rule_name: 'n'.repeat(60),
      keywords: Array.from({ length: 10 }, (_, i) => ({
        match_mode: 'equal',
        content: `${i}`.padEnd(30, '字'),
      })),
      replies: [
        reply,
        { msgtype: 'image', image: { media_id: 'IMG' } },
        { msgtype: 'voice', voice: { media_id: 'VOICE' } },
        { msgtype: 'video', video: { media_id: 'VIDEO', title: 'clip' } },
        { msgtype: 'news', news: { articles: [{ title: 'News', url: 'https://example.com/a' }] } },
      ],
    });
    expect(ok.keywords).toHaveLength(10);
    // Updates obey the same limits.
    const bad = await api('PUT', `${url}/${ok.id}`, { keywords: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toEqual(['keywords']);
  });

  it(`refuses rule number ${MAX_RULES_PER_ACCOUNT + 1}`, async () => {
    const account = await buildAccount(p.ctx);
    const now = p.ctx.clock.now();
    await p.ctx.db
      .insertInto('autoreply_rules')
      .values(
        Array.from({ length: MAX_RULES_PER_ACCOUNT }, (_, i) => ({
          id: `arl_bulk_${account.id}_${i}`,
          account_id: account.id,
          rule_name: `R${i}`,
          keywords: JSON.stringify([{ match_mode: 'equal', content: `k${i}` }]),
          replies: JSON.stringify([text('r')]),
          reply_mode: 'reply_all' as const,
          position: i,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    const res = await api('POST', `/accounts/${account.appid}/autoreply/rules`, rule('One too many'));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain(`at most ${MAX_RULES_PER_ACCOUNT}`);
    await api('DELETE', `/accounts/${account.appid}/autoreply/rules/arl_bulk_${account.id}_0`);
    const after = await createRule(account, rule('Fits again'));
    expect(after.position).toBe(MAX_RULES_PER_ACCOUNT);
  });

  it('reorders rules, and matching follows the new order', async () => {
    const account = await buildAccount(p.ctx);
    const a = await createRule(account, rule('A', 'hello'));
    const b = await createRule(account, rule('B', 'hello'));
    const c = await createRule(account, rule('C', 'other'));
    const url = `/accounts/${account.appid}/autoreply/rules/order`;
    const before = await api('POST', `/accounts/${account.appid}/autoreply/test`, { text: 'hello' });
    expect(before.body.rule?.rule_name).toBe('A');

    const res = await api('PUT', url, { rule_ids: [c.id, b.id, a.id] });
    expect(res.status).toBe(200);
    expect(res.body.rules.map((r) => [r.rule_name, r.position])).toEqual([
      ['C', 0],
      ['B', 1],
      ['A', 2],
    ]);
    const shown = await api('GET', `/accounts/${account.appid}/autoreply`);
    expect(shown.body.rules.map((r) => r.rule_name)).toEqual(['C', 'B', 'A']);
    const after = await api('POST', `/accounts/${account.appid}/autoreply/test`, { text: 'hello' });
    expect(after.body.rule?.rule_name).toBe('B');

    const missing = await api('PUT', url, { rule_ids: [a.id, b.id] });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.message).toContain(c.id);
    const unknown = await api('PUT', url, { rule_ids: [a.id, b.id, c.id, 'arl_nope'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('AUTOREPLY_RULE_NOT_FOUND');
    const repeated = await api('PUT', url, { rule_ids: [a.id, a.id, b.id, c.id] });
    expect(repeated.status).toBe(400);
    expect(repeated.body.details.map((d) => d.path)).toEqual(['rule_ids']);
    // None of the refused requests moved anything.
    const still = await api('GET', `/accounts/${account.appid}/autoreply`);
    expect(still.body.rules.map((r) => r.rule_name)).toEqual(['C', 'B', 'A']);
  });

  it('tests text and whole messages, and says why', async () => {
    const account = await buildAccount(p.ctx);
    const prices = await createRule(account, rule('Prices', '价格'));
    await api('PUT', `/accounts/${account.appid}/autoreply/settings`, { default_reply: text('稍后回复') });
    const url = `/accounts/${account.appid}/autoreply/test`;

    const hit = await api('POST', url, { text: '请问价格多少' });
    expect(hit.status).toBe(200);
    expect(hit.body).toEqual({
      replies: [text('reply to Prices')],
      rule: { id: prices.id, rule_name: 'Prices' },
      reason: 'keyword "价格" (contain) of rule "Prices"',
    });

    const miss = await api('POST', url, { message: text('你好') });
    expect(miss.body).toEqual({
      replies: [text('稍后回复')],
      rule: null,
      reason: 'no rule matched: default reply',
    });

    const image = await api('POST', url, { message: { msgtype: 'image', image: { media_id: 'IMG' } } });
    expect(image.body.replies).toEqual([text('稍后回复')]);
    expect(image.body.rule).toBeNull();

    for (const body of [
      {},
      { text: 'a', message: text('b') },
      { text: '' },
      { message: { msgtype: 'event' } },
    ]) {
      const bad = await api('POST', url, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('flags developer mode in the tester: rules do not fire there', async () => {
    const account = await buildAccount(p.ctx);
    await createRule(account, rule('Prices', '价格'));
    // Developer mode as the accounts module leaves it once a server URL is verified and enabled.
    await p.ctx.db.updateTable('accounts').set({ server_enabled: 1 }).where('id', '=', account.id).execute();
    const res = await api('POST', `/accounts/${account.appid}/autoreply/test`, { text: '价格' });
    expect(res.body.developer_mode).toBe(true);
    expect(res.body.rule?.rule_name).toBe('Prices');
    expect(res.body.reason).toMatch(/^developer mode is on, so auto-reply rules do not fire/);
    expect(res.body.reason).toContain('keyword "价格" (contain) of rule "Prices"');
  });

  it('requires the admin key', async () => {
    const account = await buildAccount(p.ctx);
    const res = await p.app.inject({ method: 'GET', url: `/gz/v1/accounts/${account.appid}/autoreply` });
    expect(res.statusCode).toBe(401);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/docs/json' });
    const doc = res.json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/gz/v1/accounts/{appid}/autoreply',
        '/gz/v1/accounts/{appid}/autoreply/rules/order',
        '/gz/v1/accounts/{appid}/autoreply/test',
        '/cgi-bin/get_current_autoreply_info',
      ]),
    );
  });
});
