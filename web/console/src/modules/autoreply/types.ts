/** An outbound message in custom-send JSON shape (the server's OutboundMessage). */
export interface OutboundMessage {
  msgtype: string;
  text?: { content: string };
  image?: { media_id: string };
  voice?: { media_id: string };
  video?: { media_id: string; title?: string };
  news?: { articles: { title: string }[] };
  [other: string]: unknown;
}

/** A keyword rule (modules/autoreply/autoreply.presenter.ts). */
export interface Rule {
  id: string;
  rule_name: string;
  keywords: { match_mode: 'equal' | 'contain'; content: string }[];
  replies: OutboundMessage[];
  reply_mode: 'reply_all' | 'random_one';
}

/** One line for a message: its text, or its type and media id. */
export function messageSummary(m: OutboundMessage): string {
  if (m.msgtype === 'text') return m.text?.content ?? '';
  if (m.msgtype === 'news') return `[news] ${m.news?.articles.map((a) => a.title).join(' / ') ?? ''}`;
  const media = (m[m.msgtype] as { media_id?: string } | undefined)?.media_id;
  return `[${m.msgtype}]${media ? ` ${media}` : ''}`;
}
