import { describe, expect, it } from 'vitest';
import {
  canonicalQrcodeUrl,
  newQrcodeUrl,
  newTicket,
  normalizeTicket,
  randomBase62,
  toInteger,
} from './qrcode-values.ts';

describe('QR code values', () => {
  it('makes base62 keys, WeChat-shaped urls and base64 tickets that carry the url', () => {
    expect(randomBase62(15)).toMatch(/^[0-9a-zA-Z]{15}$/);
    const url = newQrcodeUrl();
    expect(url).toMatch(/^http:\/\/weixin\.qq\.com\/q\/[0-9a-zA-Z]{22}$/);
    const ticket = newTicket(url);
    expect(ticket).toMatch(/^[A-Za-z0-9+/]+==$/);
    expect(Buffer.from(ticket, 'base64').subarray(16).toString('utf8')).toBe(url);
  });

  it('reads a ticket however it was sent: + as a space, once or twice URL-encoded', () => {
    const ticket = 'gQH4+7jo/AAA+b==';
    expect(normalizeTicket(ticket)).toBe(ticket);
    expect(normalizeTicket('gQH4 7jo/AAA b==')).toBe(ticket);
    expect(normalizeTicket(encodeURIComponent(ticket))).toBe(ticket);
    expect(normalizeTicket('bad%zzpercent')).toBe('bad%zzpercent');
  });

  it('knows a code url in any of the forms a reader or a person gives it', () => {
    const canonical = 'http://weixin.qq.com/q/02wPFKBmPJfu21QQPIxycG';
    for (const text of [
      canonical,
      'https://weixin.qq.com/q/02wPFKBmPJfu21QQPIxycG',
      ' HTTP://WEIXIN.QQ.COM/q/02wPFKBmPJfu21QQPIxycG/ ',
      'http://weixin.qq.com/q/02wPFKBmPJfu21QQPIxycG?from=poster',
    ]) {
      expect(canonicalQrcodeUrl(text), text).toBe(canonical);
    }
    for (const text of [
      'http://example.com/q/abc',
      'http://weixin.qq.com/r/abc',
      'ftp://weixin.qq.com/q/abc',
      'nonsense',
    ]) {
      expect(canonicalQrcodeUrl(text), text).toBeNull();
    }
  });

  it('takes integers as numbers or decimal strings only', () => {
    expect(toInteger(42)).toBe(42);
    expect(toInteger(' 42 ')).toBe(42);
    expect(toInteger('-3')).toBe(-3);
    for (const value of [1.5, '1.5', 'abc', '', null, undefined, true, 2 ** 60])
      expect(toInteger(value)).toBeUndefined();
  });
});
