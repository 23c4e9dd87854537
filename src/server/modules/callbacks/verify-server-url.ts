import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { callbackSignature } from '../../wechat/crypto.ts';
import { requestDeveloper } from './developer-http.ts';
import { newNonce, withQuery } from './sign-push.ts';

/**
 * What happened when the server URL was checked, in enough detail for the
 * console's verification doctor: what was sent, what came back, and why it
 * failed.
 */
export interface VerificationReport {
  ok: boolean;
  /** wrong_echostr, http_status, timeout, network, tls, blocked, too_large; null when ok. */
  reason: string | null;
  message: string;
  request_url: string;
  echostr: string;
  response_status: number | null;
  /** The start of the body the server answered. */
  response_body: string | null;
  duration_ms: number;
}

/**
 * WeChat's URL check (§2.1): `GET url?signature&timestamp&nonce&echostr`,
 * always plaintext (no msg_signature, even in safe mode); the server must
 * answer 200 with the echostr verbatim.
 */
export async function verifyServerUrl(
  ctx: AppContext,
  url: string,
  token: string,
): Promise<VerificationReport> {
  const timestamp = String(Math.floor(ctx.clock.now() / 1000));
  const nonce = newNonce();
  const echostr = BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
  const requestUrl = withQuery(url, {
    signature: callbackSignature(token, timestamp, nonce),
    echostr,
    timestamp,
    nonce,
  });
  const exchange = await requestDeveloper({
    method: 'GET',
    url: requestUrl,
    timeoutMs: ctx.config.callbackTimeoutMs,
    maxResponseBytes: 64 * 1024,
    blockInternal: ctx.config.callbackBlockPrivate,
  });
  const base = {
    request_url: requestUrl,
    echostr,
    response_status: exchange.status,
    response_body: exchange.status === null ? null : exchange.body.slice(0, 2048),
    duration_ms: exchange.durationMs,
  };
  if (exchange.outcome !== 'ok') {
    const reason =
      exchange.outcome === 'network_error'
        ? /^TLS failure/.test(exchange.error ?? '')
          ? 'tls'
          : 'network'
        : exchange.outcome;
    return { ok: false, reason, message: exchange.error ?? exchange.outcome, ...base };
  }
  if (exchange.status !== 200)
    return {
      ok: false,
      reason: 'http_status',
      message: `the server answered HTTP ${exchange.status}; it must answer 200 with the echostr`,
      ...base,
    };
  if (exchange.body.trim() !== echostr)
    return {
      ok: false,
      reason: 'wrong_echostr',
      message:
        'the server did not answer with the echostr: check that it verifies signature = sha1(sort(token, timestamp, nonce)) with the same Token, then echoes echostr unchanged',
      ...base,
    };
  return { ok: true, reason: null, message: 'the server answered the echostr', ...base };
}
