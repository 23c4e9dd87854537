import type { OutboundMessage } from '../messages/message-content.ts';
import type { AutoreplyRule, AutoreplySettings } from './autoreply.queries.ts';

/** Settings as our own API shows them. */
export function presentSettings(settings: AutoreplySettings) {
  return {
    autoreply_open: settings.autoreply_open,
    follow_reply_open: settings.follow_reply_open,
    follow_reply: settings.follow_reply,
    default_reply_open: settings.default_reply_open,
    default_reply: settings.default_reply,
    /** ISO time of the last change; null while the account runs on the defaults. */
    updated_at: settings.updated_at === null ? null : new Date(settings.updated_at).toISOString(),
  };
}

/** A keyword rule as our own API shows it. */
export function presentRule(rule: AutoreplyRule) {
  return {
    id: rule.id,
    rule_name: rule.rule_name,
    keywords: rule.keywords,
    replies: rule.replies,
    reply_mode: rule.reply_mode,
    position: rule.position,
    created_at: new Date(rule.created_at).toISOString(),
    updated_at: new Date(rule.updated_at).toISOString(),
  };
}

export type RuleView = ReturnType<typeof presentRule>;

/** WeChat's reply item (`reply_list_info[]`, `add_friend_autoreply_info`, …). */
export type WechatReplyInfo =
  | { type: 'text' | 'img' | 'voice' | 'video'; content: string }
  | { type: 'news'; news_info: { list: WechatNewsItem[] } };

/** One article of a news reply in WeChat's console shape. */
export interface WechatNewsItem {
  title: string;
  author: string;
  digest: string;
  /** 1 when the cover shows in the article body. */
  show_cover: 0 | 1;
  cover_url: string;
  content_url: string;
  source_url: string;
}

/** `GET /cgi-bin/get_current_autoreply_info`, exactly as WeChat answers it. */
export interface CurrentAutoreplyInfo {
  is_add_friend_reply_open: 0 | 1;
  is_autoreply_open: 0 | 1;
  add_friend_autoreply_info?: WechatReplyInfo;
  message_default_autoreply_info?: WechatReplyInfo;
  keyword_autoreply_info: {
    list: {
      rule_name: string;
      /** Seconds since the epoch. */
      create_time: number;
      reply_mode: 'reply_all' | 'random_one';
      keyword_list_info: { type: 'text'; match_mode: 'equal' | 'contain'; content: string }[];
      reply_list_info: WechatReplyInfo[];
    }[];
  };
}

/**
 * One of our replies in WeChat's console vocabulary: images are `img`, media
 * replies carry the media_id as `content`, and news carries `news_info.list`
 * (WeChat's own sample has no `content` on news items). Music, notices and
 * the customer-service-only kinds never reach auto-reply (the schemas refuse
 * them); they map to nothing.
 */
export function toWechatReplyInfo(reply: OutboundMessage): WechatReplyInfo | null {
  switch (reply.msgtype) {
    case 'text':
      return { type: 'text', content: reply.text.content };
    case 'image':
      return { type: 'img', content: reply.image.media_id };
    case 'voice':
      return { type: 'voice', content: reply.voice.media_id };
    case 'video':
      return { type: 'video', content: reply.video.media_id };
    case 'news':
      return {
        type: 'news',
        news_info: {
          list: reply.news.articles.map((a) => ({
            title: a.title,
            author: '',
            digest: a.description,
            show_cover: a.picurl ? 1 : 0,
            cover_url: a.picurl,
            content_url: a.url,
            source_url: '',
          })),
        },
      };
    case 'music':
    case 'notice':
    case 'mpnews':
    case 'mpnewsarticle':
    case 'msgmenu':
    case 'wxcard':
    case 'miniprogrampage':
    case 'link':
    case 'template':
    case 'subscribe_notification':
      return null;
  }
}

/**
 * The settings and rules in WeChat's `get_current_autoreply_info` shape.
 * `is_add_friend_reply_open` is 1 only when the follow reply is on and set;
 * the follow reply is listed whenever set. WeChat has no switch field for
 * the default reply, so it is listed only while it is on.
 */
export function presentCurrentAutoreplyInfo(
  settings: AutoreplySettings,
  rules: readonly AutoreplyRule[],
): CurrentAutoreplyInfo {
  const follow = settings.follow_reply ? toWechatReplyInfo(settings.follow_reply) : null;
  const fallback =
    settings.default_reply_open && settings.default_reply ? toWechatReplyInfo(settings.default_reply) : null;
  return {
    is_add_friend_reply_open: settings.follow_reply_open && follow ? 1 : 0,
    is_autoreply_open: settings.autoreply_open ? 1 : 0,
    ...(follow ? { add_friend_autoreply_info: follow } : {}),
    ...(fallback ? { message_default_autoreply_info: fallback } : {}),
    keyword_autoreply_info: {
      list: rules.map((rule) => ({
        rule_name: rule.rule_name,
        create_time: Math.floor(rule.created_at / 1000),
        reply_mode: rule.reply_mode,
        keyword_list_info: rule.keywords.map((k) => ({
          type: 'text' as const,
          match_mode: k.match_mode,
          content: k.content,
        })),
        reply_list_info: rule.replies.map(toWechatReplyInfo).filter((r): r is WechatReplyInfo => r !== null),
      })),
    },
  };
}
