import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * WeChat message crypto (消息加解密), spec §2.3–2.4: AES-256-CBC with
 * key = base64(EncodingAESKey + "="), IV = key[0..16), and a body of
 * random16 | uint32 BE length | message | appid, PKCS#7-padded to 32-byte
 * blocks (not AES's 16: WeChat's SDKs pad to 32 and check it).
 */

const BLOCK = 32;

/** sha1 over the lexicographically sorted parts joined with nothing, lowercase hex. */
export function sha1Signature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** The `signature` query parameter: sha1(sort(token, timestamp, nonce)). */
export function callbackSignature(token: string, timestamp: string, nonce: string): string {
  return sha1Signature(token, timestamp, nonce);
}

/** The `msg_signature` of an encrypted envelope: sha1(sort(token, timestamp, nonce, encrypt)). */
export function messageSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sha1Signature(token, timestamp, nonce, encrypt);
}

/** The 32-byte AES key behind a 43-character EncodingAESKey. */
export function aesKeyFrom(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32)
    throw new Error('EncodingAESKey must be 43 characters');
  return key;
}

/** Encrypts a message for `appid`; `random16` is fixed only by tests. */
export function encryptMessage(
  encodingAesKey: string,
  appid: string,
  message: string,
  random16: Buffer = randomBytes(16),
): string {
  const key = aesKeyFrom(encodingAesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random16, length, body, Buffer.from(appid, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Why a ciphertext was refused: callers map this to their own error or reply. */
export class WechatCryptoError extends Error {
  override name = 'WechatCryptoError';
}

/**
 * Decrypts an `Encrypt` value, checking padding (1..32), the length prefix
 * and that the appid trailer equals `expectedAppid`.
 */
export function decryptMessage(encodingAesKey: string, expectedAppid: string, encrypt: string): string {
  const key = aesKeyFrom(encodingAesKey);
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0)
    throw new WechatCryptoError('ciphertext length is not a multiple of the AES block');
  let padded: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    padded = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new WechatCryptoError('AES decryption failed');
  }
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > BLOCK || pad > padded.length) throw new WechatCryptoError('bad PKCS#7 padding');
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < 20) throw new WechatCryptoError('plaintext too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new WechatCryptoError('length prefix exceeds the plaintext');
  const message = plain.subarray(20, 20 + length).toString('utf8');
  const appid = plain.subarray(20 + length).toString('utf8');
  if (appid !== expectedAppid) throw new WechatCryptoError(`appid mismatch: got ${appid}`);
  return message;
}
