import { randomBytes } from 'node:crypto';

/** The start of every code's content (what the image encodes), as WeChat writes it. */
export const QRCODE_URL_PREFIX = 'http://weixin.qq.com/q/';

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `length` uniformly random characters of 0-9a-zA-Z. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: dropping the top bytes keeps every character equally likely.
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A fresh code's content: `http://weixin.qq.com/q/` and 22 random base62 characters. */
export function newQrcodeUrl(): string {
  return `${QRCODE_URL_PREFIX}${randomBase62(22)}`;
}

/**
 * A ticket for `url`: standard base64 of 16 random bytes followed by the url,
 * the way WeChat's tickets carry their url. 16 + 45 bytes always leaves `==`
 * padding, and the random part often holds `+` or `/`, so clients that
 * forget to URL-encode it (wechat-api, silenceper) meet the same tickets they
 * meet on WeChat.
 */
export function newTicket(url: string): string {
  return Buffer.concat([randomBytes(16), Buffer.from(url, 'utf8')]).toString('base64');
}

/**
 * The ticket as stored, from a `ticket` query value however the client sent
 * it (spec §11.2): raw, so `+` arrived as a space (tickets hold no spaces),
 * URL-encoded once (already decoded by the query parser), or twice (base64
 * holds no `%`, so one left means another layer of encoding).
 */
export function normalizeTicket(value: string): string {
  let ticket = value;
  if (/%[0-9A-Fa-f]{2}/.test(ticket)) {
    try {
      ticket = decodeURIComponent(ticket);
    } catch {
      // Not percent-encoding after all: look it up as given.
    }
  }
  return ticket.replace(/ /g, '+');
}

/**
 * A code's content in its stored form, from what a reader decoded or a
 * person pasted: http or https, any case of host, a trailing slash or query
 * dropped. Null when it is not a WeChat code url at all.
 */
export function canonicalQrcodeUrl(text: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname !== 'weixin.qq.com') return null;
  const match = /^\/q\/([A-Za-z0-9_-]{1,64})\/?$/.exec(parsed.pathname);
  return match ? `${QRCODE_URL_PREFIX}${match[1]}` : null;
}

/**
 * An integer from a JSON number or a decimal string: WeChat takes
 * `"scene_id": "123"` as 123 (PHP clients often send strings).
 */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
