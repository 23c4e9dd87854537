import { randomInt } from 'node:crypto';
import type { AccountsTable } from '../../db/schema.ts';
import { callbackSignature, encryptMessage, messageSignature } from '../../wechat/crypto.ts';
import { buildXml } from '../../wechat/xml.ts';

/** A push ready for the wire: the URL with its signed query, and the body. */
export interface SignedPush {
  url: string;
  body: string;
  timestamp: string;
  nonce: string;
}

type SigningAccount = Pick<
  AccountsTable,
  'appid' | 'original_id' | 'server_url' | 'server_token' | 'encoding_aes_key' | 'message_mode'
>;

/** Random digits, as WeChat's nonces are. */
export function newNonce(): string {
  return String(randomInt(100_000_000, 2_000_000_000));
}

/** Appends query parameters to a URL that may already carry its own. */
export function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  return target.toString();
}

/**
 * Signs (and in compatible/safe mode encrypts) a push XML exactly as WeChat
 * does (§2.2–2.3): `signature`, `timestamp`, `nonce`, `openid` always;
 * `encrypt_type=aes` and `msg_signature` in the encrypted modes. Compatible
 * mode sends every plaintext field plus `<Encrypt>`; safe mode only
 * ToUserName and Encrypt.
 */
export function signPush(
  account: SigningAccount,
  openid: string,
  xml: string,
  timestamp: string,
  nonce: string = newNonce(),
): SignedPush {
  const token = account.server_token ?? '';
  const params: Record<string, string> = {
    signature: callbackSignature(token, timestamp, nonce),
    timestamp,
    nonce,
    openid,
  };
  let body = xml;
  if (account.message_mode !== 'plaintext' && account.encoding_aes_key) {
    const encrypt = encryptMessage(account.encoding_aes_key, account.appid, xml);
    params.encrypt_type = 'aes';
    params.msg_signature = messageSignature(token, timestamp, nonce, encrypt);
    body =
      account.message_mode === 'safe'
        ? buildXml({ ToUserName: account.original_id, Encrypt: encrypt })
        : `${xml.slice(0, -'</xml>'.length)}${buildXml({ Encrypt: encrypt }).slice('<xml>'.length)}`;
  }
  return { url: withQuery(account.server_url ?? '', params), body, timestamp, nonce };
}
