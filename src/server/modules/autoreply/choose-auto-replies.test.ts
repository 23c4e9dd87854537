import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount } from '../../../../test/helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../../../../test/helpers/platform.ts';
import type { AccountsTable } from '../../db/schema.ts';
import type { InboundMessage, OutboundMessage } from '../messages/message-content.ts';
import type { CreateRule, UpdateSettings } from './autoreply.schemas.ts';
import { chooseAutoReplies, type AutoReplyTrigger } from './choose-auto-replies.ts';
import { createAutoreplyRule } from './create-autoreply-rule.ts';
import { updateAutoreplySettings } from './update-autoreply-settings.ts';

const text = (content: string) => ({ msgtype: 'text', text: { content } }) as const;
const says = (content: string): AutoReplyTrigger => ({ kind: 'message', message: text(content) });
const FOLLOW: AutoReplyTrigger = { kind: 'follow' };

describe.each(DIALECTS)('chooseAutoReplies on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  async function accountWith(rules: CreateRule[], settings: UpdateSettings = {}): Promise<AccountsTable> {
    const account = await buildAccount(p.ctx);
    for (const rule of rules) await createAutoreplyRule(p.ctx, account.appid, rule);
    await updateAutoreplySettings(p.ctx, account.appid, settings);
    return account;
  }

  function keywordRule(
    rule_name: string,
    keywords: [match_mode: 'equal' | 'contain' | 'full', content: string][],
    replies: OutboundMessage[] = [text(`from ${rule_name}`)],
    reply_mode: 'reply_all' | 'random_one' = 'reply_all',
  ): CreateRule {
    return {
      rule_name,
      keywords: keywords.map(([match_mode, content]) => ({ match_mode, content })),
      replies,
      reply_mode,
    };
  }

  async function ruleNameFor(account: AccountsTable, said: string) {
    return (await chooseAutoReplies(p.ctx, account, says(said))).rule?.rule_name ?? null;
  }

  it('equal matches the whole trimmed text, ignoring the case of Latin letters', async () => {
    const account = await accountWith([keywordRule('Hello', [['equal', 'Hello 世界']])]);
    expect(await ruleNameFor(account, 'Hello 世界')).toBe('Hello');
    expect(await ruleNameFor(account, '  hello 世界\n')).toBe('Hello');
    expect(await ruleNameFor(account, 'HELLO 世界')).toBe('Hello');
    expect(await ruleNameFor(account, 'Hello 世界!')).toBeNull();
    expect(await ruleNameFor(account, 'say Hello 世界')).toBeNull();
  });

  it('accepts full as an alias of equal', async () => {
    const account = await accountWith([keywordRule('Full', [['full', 'menu']])]);
    expect(await ruleNameFor(account, 'MENU')).toBe('Full');
    expect(await ruleNameFor(account, 'the menu')).toBeNull();
  });

  it('contain matches anywhere in the text, ignoring Latin case too', async () => {
    const account = await accountWith([
      keywordRule('Prices', [
        ['contain', '价格'],
        ['contain', 'Price'],
      ]),
    ]);
    const choice = await chooseAutoReplies(p.ctx, account, says('请问价格是多少'));
    expect(choice.rule?.rule_name).toBe('Prices');
    expect(choice.reason).toBe('keyword "价格" (contain) of rule "Prices"');
    expect(choice.replies).toEqual([text('from Prices')]);
    const latin = await chooseAutoReplies(p.ctx, account, says('what is the PRICE?'));
    expect(latin.reason).toBe('keyword "Price" (contain) of rule "Prices"');
    expect(await ruleNameFor(account, '价钱')).toBeNull();
  });

  it('the first rule by position wins when several match', async () => {
    const account = await accountWith([
      keywordRule('Broad', [['contain', '优惠']]),
      keywordRule('Exact', [['equal', '优惠券']]),
    ]);
    const choice = await chooseAutoReplies(p.ctx, account, says('优惠券'));
    expect(choice.rule?.rule_name).toBe('Broad');
    expect(choice.reason).toBe('keyword "优惠" (contain) of rule "Broad"');
  });

  it('reply_all sends every reply in order', async () => {
    const replies: OutboundMessage[] = [
      text('one'),
      { msgtype: 'image', image: { media_id: 'IMG' } },
      { msgtype: 'news', news: { articles: [{ title: 'N', description: '', url: '', picurl: '' }] } },
    ];
    const account = await accountWith([keywordRule('All', [['equal', 'all']], replies, 'reply_all')]);
    const choice = await chooseAutoReplies(p.ctx, account, says('all'), () => 0.99);
    expect(choice.replies).toEqual(replies);
  });

  it('random_one sends the one reply the random source points at', async () => {
    const replies = [text('a'), text('b'), text('c')];
    const account = await accountWith([keywordRule('One', [['equal', 'pick']], replies, 'random_one')]);
    const pick = async (r: number) =>
      (await chooseAutoReplies(p.ctx, account, says('pick'), () => r)).replies;
    expect(await pick(0)).toEqual([text('a')]);
    expect(await pick(0.34)).toEqual([text('b')]);
    expect(await pick(0.999)).toEqual([text('c')]);
    // A source that returns exactly 1 (out of contract) still picks a reply.
    expect(await pick(1)).toEqual([text('c')]);
  });

  it('falls back to the default reply for unmatched text and for non-text messages', async () => {
    const account = await accountWith([keywordRule('Prices', [['contain', '价格']])], {
      default_reply: text('我们会尽快回复'),
    });
    expect(await chooseAutoReplies(p.ctx, account, says('你好'))).toEqual({
      replies: [text('我们会尽快回复')],
      rule: null,
      reason: 'no rule matched: default reply',
    });
    const voice: InboundMessage = {
      msgtype: 'voice',
      voice: { media_id: 'V', format: 'amr', recognition: '价格' },
    };
    const choice = await chooseAutoReplies(p.ctx, account, { kind: 'message', message: voice });
    expect(choice.replies).toEqual([text('我们会尽快回复')]);
    expect(choice.rule).toBeNull();
    expect(choice.reason).toBe('voice message (keywords match text only): default reply');
  });

  it('sends nothing for unmatched messages when the default reply is off or unset', async () => {
    const off = await accountWith([], { default_reply: text('x'), default_reply_open: false });
    expect(await chooseAutoReplies(p.ctx, off, says('hi'))).toEqual({
      replies: [],
      rule: null,
      reason: 'no rule matched and the default reply is off',
    });
    const unset = await accountWith([]);
    expect((await chooseAutoReplies(p.ctx, unset, says('hi'))).reason).toBe(
      'no rule matched and no default reply is set',
    );
  });

  it('answers a follow with the follow reply when it is on and set', async () => {
    const on = await accountWith([keywordRule('Any', [['contain', 'a']])], {
      follow_reply: { msgtype: 'video', video: { media_id: 'VID', title: 'Welcome' } },
      default_reply: text('default'),
    });
    expect(await chooseAutoReplies(p.ctx, on, FOLLOW)).toEqual({
      replies: [{ msgtype: 'video', video: { media_id: 'VID', title: 'Welcome' } }],
      rule: null,
      reason: 'follow reply',
    });
    const off = await accountWith([], { follow_reply: text('hi'), follow_reply_open: false });
    expect(await chooseAutoReplies(p.ctx, off, FOLLOW)).toEqual({
      replies: [],
      rule: null,
      reason: 'follow reply is off',
    });
    const unset = await accountWith([]);
    expect((await chooseAutoReplies(p.ctx, unset, FOLLOW)).reason).toBe('no follow reply is set');
  });

  it('sends nothing at all while auto-reply is off', async () => {
    const account = await accountWith([keywordRule('Prices', [['contain', '价格']])], {
      autoreply_open: false,
      follow_reply: text('welcome'),
      default_reply: text('default'),
    });
    const off = { replies: [], rule: null, reason: 'auto-reply is off' };
    expect(await chooseAutoReplies(p.ctx, account, says('价格'))).toEqual(off);
    expect(await chooseAutoReplies(p.ctx, account, says('other'))).toEqual(off);
    expect(await chooseAutoReplies(p.ctx, account, FOLLOW)).toEqual(off);
  });

  it('only looks at the account’s own rules', async () => {
    await accountWith([keywordRule('Elsewhere', [['contain', 'x']])]);
    const account = await accountWith([]);
    expect(await ruleNameFor(account, 'x')).toBeNull();
  });
});
