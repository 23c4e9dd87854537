import { z } from 'zod';
import {
  InboundMessageSchema,
  MAX_FOLLOWER_TEXT,
  OutboundMessageSchema,
  type OutboundMessage,
  type OutboundMsgType,
} from '../messages/message-content.ts';

/** Longest rule name, in characters (WeChat's console: 60). */
export const MAX_RULE_NAME = 60;
/** Most keywords one rule may carry (WeChat: 10). */
export const MAX_KEYWORDS_PER_RULE = 10;
/** Longest keyword, in characters (WeChat: 30). */
export const MAX_KEYWORD_LENGTH = 30;
/** Most replies one rule may send (WeChat: 5). */
export const MAX_REPLIES_PER_RULE = 5;
/** Most keyword rules per account (WeChat: 200). */
export const MAX_RULES_PER_ACCOUNT = 200;

/** Reply types a keyword rule may send: WeChat's text, image, voice, video and news. */
export const RULE_REPLY_TYPES = ['text', 'image', 'voice', 'video', 'news'] as const;
/** Reply types the follow and default replies may send (WeChat: no news there). */
export const SETTINGS_REPLY_TYPES = ['text', 'image', 'voice', 'video'] as const;

/**
 * An outbound message restricted to `allowed` types. The output stays an
 * `OutboundMessage` (the shape the conversation pipeline delivers).
 */
function replyOf(allowed: readonly OutboundMsgType[], where: string) {
  return OutboundMessageSchema.refine((m: OutboundMessage) => allowed.includes(m.msgtype), {
    error: (issue) => {
      const type = (issue.input as { msgtype?: unknown } | undefined)?.msgtype;
      return `${String(type)} is not allowed in ${where}; use one of ${allowed.join(', ')}`;
    },
    path: ['msgtype'],
  });
}

/** One reply of a keyword rule: text, image, voice, video or news (custom-send JSON shape). */
export const RuleReplySchema = replyOf(RULE_REPLY_TYPES, 'a keyword rule reply');
/** The follow or default reply: text, image, voice or video (custom-send JSON shape). */
export const SettingsReplySchema = replyOf(SETTINGS_REPLY_TYPES, 'a follow or default reply');

/** How a keyword matches: `equal` (whole message) or `contain`; `full` is accepted as `equal`. */
export const MatchModeSchema = z
  .enum(['equal', 'contain', 'full'])
  .transform((mode): 'equal' | 'contain' => (mode === 'full' ? 'equal' : mode));
export type MatchMode = z.output<typeof MatchModeSchema>;

/** One keyword of a rule. Matching ignores case of Latin letters. */
export const KeywordSchema = z
  .object({
    /** `equal`: the whole trimmed message is the keyword; `contain`: the message contains it. */
    match_mode: MatchModeSchema,
    /** The keyword, trimmed, 1–30 characters. */
    content: z.string().trim().min(1).max(MAX_KEYWORD_LENGTH),
  })
  .strict();
export type Keyword = z.output<typeof KeywordSchema>;

/** `reply_all` sends every reply in order; `random_one` sends one picked at random. */
export const ReplyModeSchema = z.enum(['reply_all', 'random_one']);
export type ReplyMode = z.output<typeof ReplyModeSchema>;

const ruleFields = {
  /** Shown in the console and in get_current_autoreply_info; 1–60 characters. */
  rule_name: z.string().trim().min(1).max(MAX_RULE_NAME),
  /** 1–10 keywords; any one of them triggers the rule. */
  keywords: z.array(KeywordSchema).min(1).max(MAX_KEYWORDS_PER_RULE),
  /** 1–5 replies. */
  replies: z.array(RuleReplySchema).min(1).max(MAX_REPLIES_PER_RULE),
  reply_mode: ReplyModeSchema,
};

/** Body of `POST /gz/v1/accounts/:appid/autoreply/rules`. New rules go last. */
export const CreateRuleSchema = z
  .object({ ...ruleFields, reply_mode: ruleFields.reply_mode.default('reply_all') })
  .strict();
export type CreateRule = z.input<typeof CreateRuleSchema>;

/** Body of `PUT /gz/v1/accounts/:appid/autoreply/rules/:rule_id`: fields left out keep their value. */
export const UpdateRuleSchema = z.object(ruleFields).partial().strict();
export type UpdateRule = z.input<typeof UpdateRuleSchema>;

/** Body of `PUT /gz/v1/accounts/:appid/autoreply/rules/order`: every rule id, first match first. */
export const ReorderRulesSchema = z
  .object({
    rule_ids: z
      .array(z.string().min(1))
      .max(MAX_RULES_PER_ACCOUNT)
      .refine((ids) => new Set(ids).size === ids.length, 'rule_ids must not repeat an id'),
  })
  .strict();
export type ReorderRules = z.input<typeof ReorderRulesSchema>;

/** Body of `PUT /gz/v1/accounts/:appid/autoreply/settings`: any subset. */
export const UpdateSettingsSchema = z
  .object({
    /** The master switch: off, no auto-reply of any kind is sent. */
    autoreply_open: z.boolean(),
    /** Whether the follow reply (关注后自动回复) is sent. */
    follow_reply_open: z.boolean(),
    /** What a new follower receives; null removes it. */
    follow_reply: SettingsReplySchema.nullable(),
    /** Whether the default reply (收到消息回复) answers messages no rule matched. */
    default_reply_open: z.boolean(),
    /** What an unmatched or non-text message receives; null removes it. */
    default_reply: SettingsReplySchema.nullable(),
  })
  .partial()
  .strict();
export type UpdateSettings = z.input<typeof UpdateSettingsSchema>;

/** Body of `POST /gz/v1/accounts/:appid/autoreply/test`: a text or a whole follower message. */
export const TestAutoReplySchema = z
  .object({
    /** Shorthand for a text message. */
    text: z.string().min(1).max(MAX_FOLLOWER_TEXT),
    /** Any follower message (custom-send JSON shape). */
    message: InboundMessageSchema,
  })
  .partial()
  .strict()
  .refine((v) => (v.text === undefined) !== (v.message === undefined), {
    message: 'send exactly one of text or message',
  });
export type TestAutoReply = z.input<typeof TestAutoReplySchema>;
