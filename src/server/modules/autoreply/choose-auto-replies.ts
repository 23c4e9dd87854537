import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import type { InboundMessage, OutboundMessage } from '../messages/message-content.ts';
import { selectRules, selectSettings, type AutoreplyRule } from './autoreply.queries.ts';
import type { Keyword } from './autoreply.schemas.ts';

/** What a follower did: followed the account, or sent it a message. */
export type AutoReplyTrigger = { kind: 'follow' } | { kind: 'message'; message: InboundMessage };

/** The auto-replies to send, the keyword rule that chose them (if any), and why. */
export interface AutoReplyChoice {
  /** In sending order; empty when nothing is sent. */
  replies: OutboundMessage[];
  rule: { id: string; rule_name: string } | null;
  /** A short human explanation, e.g. `keyword "价格" (contain) of rule "Prices"`. */
  reason: string;
}

/** A number in [0, 1), like Math.random; injectable so tests can fix `random_one`. */
export type RandomSource = () => number;

/**
 * Which auto-replies a follower action triggers when developer mode is off.
 *
 * As WeChat: nothing while auto-reply is off; a follow gets the follow
 * reply; a text message gets the replies of the first rule (by position)
 * with a matching keyword (all of them, or one at random for `random_one`);
 * an unmatched text or any other message gets the default reply. Keywords
 * match the trimmed text ignoring the case of Latin letters.
 */
export async function chooseAutoReplies(
  ctx: AppContext,
  account: AccountsTable,
  trigger: AutoReplyTrigger,
  random: RandomSource = Math.random,
): Promise<AutoReplyChoice> {
  const settings = await selectSettings(ctx.db, account.id);
  if (!settings.autoreply_open) return nothing('auto-reply is off');

  if (trigger.kind === 'follow') {
    if (!settings.follow_reply_open) return nothing('follow reply is off');
    if (!settings.follow_reply) return nothing('no follow reply is set');
    return { replies: [settings.follow_reply], rule: null, reason: 'follow reply' };
  }

  const { message } = trigger;
  let unmatched: string;
  if (message.msgtype === 'text') {
    const hit = findMatch(await selectRules(ctx.db, account.id), message.text.content);
    if (hit) {
      const { rule, keyword } = hit;
      return {
        replies: pickReplies(rule, random),
        rule: { id: rule.id, rule_name: rule.rule_name },
        reason: `keyword "${keyword.content}" (${keyword.match_mode}) of rule "${rule.rule_name}"`,
      };
    }
    unmatched = 'no rule matched';
  } else {
    unmatched = `${message.msgtype} message (keywords match text only)`;
  }
  if (!settings.default_reply_open) return nothing(`${unmatched} and the default reply is off`);
  if (!settings.default_reply) return nothing(`${unmatched} and no default reply is set`);
  return { replies: [settings.default_reply], rule: null, reason: `${unmatched}: default reply` };
}

function nothing(reason: string): AutoReplyChoice {
  return { replies: [], rule: null, reason };
}

/** Lowercases A–Z only: WeChat keyword matching ignores the case of Latin letters. */
function fold(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The first rule, in position order, with a keyword matching `text`, and that keyword. */
function findMatch(
  rules: readonly AutoreplyRule[],
  text: string,
): { rule: AutoreplyRule; keyword: Keyword } | null {
  const said = fold(text.trim());
  if (said === '') return null;
  for (const rule of rules) {
    const keyword = rule.keywords.find((k) => {
      const word = fold(k.content);
      return k.match_mode === 'equal' ? said === word : said.includes(word);
    });
    if (keyword) return { rule, keyword };
  }
  return null;
}

function pickReplies(rule: AutoreplyRule, random: RandomSource): OutboundMessage[] {
  if (rule.reply_mode === 'reply_all' || rule.replies.length <= 1) return [...rule.replies];
  const index = Math.min(rule.replies.length - 1, Math.floor(random() * rule.replies.length));
  return [rule.replies[Math.max(0, index)]!];
}
