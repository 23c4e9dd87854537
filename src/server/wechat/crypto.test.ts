import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  callbackSignature,
  decryptMessage,
  encryptMessage,
  messageSignature,
  WechatCryptoError,
} from './crypto.ts';

interface Vector {
  encoding_aes_key: string;
  token: string;
  appid: string;
  random16_hex: string;
  timestamp: string;
  nonce: string;
  plaintext: string;
  encrypt: string;
  signature: string;
  msg_signature: string;
  padded_length: number;
}

// Generated with Python's `cryptography` and checked against a third-party SDK:
// these were not produced by the code under test.
const { cases } = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/wechat/wechat-crypto.json', import.meta.url), 'utf8'),
) as { cases: Vector[] };

describe('WeChat message crypto against independent vectors', () => {
  it.each(cases.map((c) => [c.nonce, c] as const))(
    '%s: encrypts byte-for-byte, decrypts and signs',
    (_name, v) => {
      const encrypt = encryptMessage(
        v.encoding_aes_key,
        v.appid,
        v.plaintext,
        Buffer.from(v.random16_hex, 'hex'),
      );
      expect(encrypt).toBe(v.encrypt);
      expect(Buffer.from(encrypt, 'base64').length).toBe(v.padded_length);
      expect(decryptMessage(v.encoding_aes_key, v.appid, v.encrypt)).toBe(v.plaintext);
      expect(callbackSignature(v.token, v.timestamp, v.nonce)).toBe(v.signature);
      expect(messageSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
    },
  );

  it('refuses another appid, a tampered ciphertext and a wrong key', () => {
    const v = cases[0]!;
    expect(() => decryptMessage(v.encoding_aes_key, 'wx0000000000000000', v.encrypt)).toThrow(
      WechatCryptoError,
    );
    const bytes = Buffer.from(v.encrypt, 'base64');
    bytes[bytes.length - 1]! ^= 0xff;
    expect(() => decryptMessage(v.encoding_aes_key, v.appid, bytes.toString('base64'))).toThrow(
      WechatCryptoError,
    );
    expect(() => decryptMessage('B'.repeat(43), v.appid, v.encrypt)).toThrow(WechatCryptoError);
    expect(() => decryptMessage(v.encoding_aes_key, v.appid, 'not base64 at all!')).toThrow(
      WechatCryptoError,
    );
  });

  it('round-trips with fresh randomness', () => {
    const v = cases[1]!;
    const a = encryptMessage(v.encoding_aes_key, v.appid, v.plaintext);
    const b = encryptMessage(v.encoding_aes_key, v.appid, v.plaintext);
    expect(a).not.toBe(b);
    expect(decryptMessage(v.encoding_aes_key, v.appid, a)).toBe(v.plaintext);
  });
});
