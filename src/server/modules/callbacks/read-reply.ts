import type { AccountsTable } from '../../db/schema.ts';
import { decryptMessage, messageSignature, WechatCryptoError } from '../../wechat/crypto.ts';
import { parseXml, xmlText, XmlFormatError, type ParsedXml } from '../../wechat/xml.ts';
import { MAX_REPLY_TEXT, type NewsArticle, type OutboundMessage } from '../messages/message-content.ts';

/** What a developer server's answer to a push means. */
export type ReplyReading =
  /** Nothing to show: an empty body, `success`, or an envelope that decrypts to nothing. */
  | { kind: 'none'; note: string; xml: string | null }
  /** A passive reply for the follower. */
  | { kind: 'reply'; message: OutboundMessage; xml: string }
  /** transfer_customer_service: hand the conversation to agents. */
  | { kind: 'transfer'; kfAccount: string | null; xml: string }
  /**
   * Refused. `silent`: WeChat shows the follower nothing (a news reply over
   * 10 articles); otherwise the follower sees the service notice.
   */
  | { kind: 'invalid'; error: string; xml: string | null; silent: boolean };

type ReplyAccount = Pick<
  AccountsTable,
  'appid' | 'original_id' | 'server_token' | 'encoding_aes_key' | 'message_mode'
>;

export interface ReplyContext {
  openid: string;
  /**
   * Replies to follower messages show only the first news article (WeChat
   * since 2018); replies to events show up to 8.
   */
  triggeredByMessage: boolean;
}

const MAX_ARTICLES_ACCEPTED = 10;
const MAX_ARTICLES_FOR_EVENTS = 8;

/**
 * Judges a developer server's 2xx answer (spec §2.4–2.6, §5, A.6–A.8):
 * lenient where SDKs differ (element order, CDATA or escaped text,
 * millisecond CreateTime, a TimeStamp/Nonce of the developer's own choice,
 * an encrypted answer to a plaintext push), strict where it matters (the
 * MsgSignature and appid of an encrypted answer, safe mode refusing
 * plaintext, known MsgTypes with their required fields).
 */
export function readReply(account: ReplyAccount, body: string, context: ReplyContext): ReplyReading {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return { kind: 'none', note: 'empty body', xml: null };
  if (text === 'success') return { kind: 'none', note: 'success', xml: null };

  let outer: ParsedXml;
  try {
    outer = parseXml(text);
  } catch (err) {
    return invalid(`the reply is not WeChat XML: ${describe(err)}`, null);
  }

  const encrypt = xmlText(outer, 'Encrypt');
  let plainXml = text;
  let doc = outer;
  if (encrypt !== undefined) {
    if (!account.encoding_aes_key)
      return invalid('the reply is encrypted but the account has no EncodingAESKey', text);
    const signature = xmlText(outer, 'MsgSignature');
    const timeStamp = xmlText(outer, 'TimeStamp') ?? '';
    const nonce = xmlText(outer, 'Nonce') ?? '';
    if (!signature) return invalid('the encrypted reply has no MsgSignature', text);
    // Whatever TimeStamp/Nonce the developer chose (node-webot: milliseconds) are what it signed.
    const expected = messageSignature(account.server_token ?? '', timeStamp, nonce, encrypt);
    if (signature.toLowerCase() !== expected)
      return invalid(
        `MsgSignature does not match: expected sha1(sort(token, ${timeStamp}, ${nonce}, Encrypt)) = ${expected}, got ${signature}; check the Token`,
        text,
      );
    try {
      plainXml = decryptMessage(account.encoding_aes_key, account.appid, encrypt);
    } catch (err) {
      const hint = err instanceof WechatCryptoError ? err.message : describe(err);
      return invalid(
        `the encrypted reply does not decrypt: ${hint}; check the EncodingAESKey and appid`,
        text,
      );
    }
    // silenceper encrypts a nil reply: an envelope around nothing means "no reply".
    if (plainXml.trim() === '' || plainXml.trim() === 'success')
      return { kind: 'none', note: 'encrypted empty reply', xml: plainXml };
    try {
      doc = parseXml(plainXml);
    } catch (err) {
      return invalid(`the decrypted reply is not WeChat XML: ${describe(err)}`, plainXml);
    }
  } else if (account.message_mode === 'safe') {
    return invalid(
      'safe mode requires an encrypted reply (<Encrypt>, <MsgSignature>, <TimeStamp>, <Nonce>)',
      text,
    );
  }

  return interpret(doc, plainXml, context);
}

function interpret(doc: ParsedXml, xml: string, context: ReplyContext): ReplyReading {
  const msgType = xmlText(doc, 'MsgType');
  if (!msgType) return invalid('the reply has no MsgType', xml);
  const toUser = xmlText(doc, 'ToUserName');
  if (toUser !== undefined && toUser !== '' && toUser !== context.openid)
    return invalid(`ToUserName ${toUser} is not the follower's openid ${context.openid}`, xml);

  switch (msgType) {
    case 'text': {
      const content = xmlText(doc, 'Content');
      if (content === undefined || content === '') return invalid('a text reply needs Content', xml);
      if (content.length > MAX_REPLY_TEXT)
        return invalid(`Content is longer than ${MAX_REPLY_TEXT} characters`, xml);
      return reply({ msgtype: 'text', text: { content } }, xml);
    }
    case 'image':
    case 'voice': {
      const element = msgType === 'image' ? 'Image' : 'Voice';
      const mediaId = childText(doc, element, 'MediaId');
      if (!mediaId) return invalid(`a ${msgType} reply needs ${element}.MediaId`, xml);
      return reply(
        msgType === 'image'
          ? { msgtype: 'image', image: { media_id: mediaId } }
          : { msgtype: 'voice', voice: { media_id: mediaId } },
        xml,
      );
    }
    case 'video': {
      const mediaId = childText(doc, 'Video', 'MediaId');
      if (!mediaId) return invalid('a video reply needs Video.MediaId', xml);
      return reply(
        {
          msgtype: 'video',
          video: {
            media_id: mediaId,
            ...optional('title', childText(doc, 'Video', 'Title')),
            ...optional('description', childText(doc, 'Video', 'Description')),
          },
        },
        xml,
      );
    }
    case 'music': {
      const music = {
        ...optional('title', childText(doc, 'Music', 'Title')),
        ...optional('description', childText(doc, 'Music', 'Description')),
        ...optional('musicurl', childText(doc, 'Music', 'MusicUrl')),
        ...optional('hqmusicurl', childText(doc, 'Music', 'HQMusicUrl')),
        ...optional('thumb_media_id', childText(doc, 'Music', 'ThumbMediaId')),
      };
      if (typeof doc.Music !== 'object') return invalid('a music reply needs a Music element', xml);
      return reply({ msgtype: 'music', music }, xml);
    }
    case 'news':
      return readNews(doc, xml, context);
    case 'transfer_customer_service':
      return { kind: 'transfer', kfAccount: childText(doc, 'TransInfo', 'KfAccount') ?? null, xml };
    default:
      return invalid(
        `MsgType ${msgType} cannot be a passive reply (text, image, voice, video, music, news, transfer_customer_service)`,
        xml,
      );
  }
}

function readNews(doc: ParsedXml, xml: string, context: ReplyContext): ReplyReading {
  const articlesNode = doc.Articles;
  const items =
    articlesNode && typeof articlesNode === 'object' && !Array.isArray(articlesNode)
      ? articlesNode.item
      : undefined;
  const list = (Array.isArray(items) ? items : items === undefined ? [] : [items]).filter(
    (i): i is ParsedXml => typeof i === 'object',
  );
  if (list.length === 0) return invalid('a news reply needs Articles with at least one item', xml);
  if (list.length > MAX_ARTICLES_ACCEPTED)
    return {
      kind: 'invalid',
      error: `a news reply may hold at most ${MAX_ARTICLES_ACCEPTED} articles (got ${list.length}); WeChat shows nothing`,
      xml,
      silent: true,
    };
  const declared = xmlText(doc, 'ArticleCount');
  if (declared !== undefined && Number(declared) !== list.length)
    return invalid(`ArticleCount ${declared} does not match the ${list.length} items`, xml);
  const articles: NewsArticle[] = list.map((item) => ({
    title: xmlText(item, 'Title') ?? '',
    description: xmlText(item, 'Description') ?? '',
    url: xmlText(item, 'Url') ?? '',
    picurl: xmlText(item, 'PicUrl') ?? '',
  }));
  const shown = articles.slice(0, context.triggeredByMessage ? 1 : MAX_ARTICLES_FOR_EVENTS);
  return reply({ msgtype: 'news', news: { articles: shown } }, xml);
}

function childText(doc: ParsedXml, parent: string, name: string): string | undefined {
  const node = doc[parent];
  const first = Array.isArray(node) ? node[0] : node;
  if (!first || typeof first !== 'object') return undefined;
  return xmlText(first, name);
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

function reply(message: OutboundMessage, xml: string): ReplyReading {
  return { kind: 'reply', message, xml };
}

function invalid(error: string, xml: string | null): ReplyReading {
  return { kind: 'invalid', error, xml, silent: false };
}

function describe(err: unknown): string {
  return err instanceof XmlFormatError || err instanceof Error ? err.message : String(err);
}
