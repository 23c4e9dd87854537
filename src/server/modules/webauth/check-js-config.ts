import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { hasCapability } from '../accounts/capabilities.ts';
import { JS_API_NAMES, OPEN_TAG_NAMES } from './js-api-names.ts';
import { checkUrlDomain, type DomainVerdict } from './web-domains.ts';
import { selectRecentTickets, selectWebDomains } from './webauth.queries.ts';
import { JsConfigCheckSchema } from './webauth.schemas.ts';

/** How many past tickets the explainer tries when looking for a stale one. */
const PAST_TICKETS = 5;

/** The outcome of a `wx.config`, with everything a developer needs to fix a failure. */
export interface JsConfigVerdict {
  ok: boolean;
  /** What the page's `error` callback receives: config:ok, config:invalid signature, config:invalid url domain… */
  errMsg: string;
  appId: string;
  /** The URL as given and the URL the platform signed (fragment removed). */
  url: { given: string; signed: string; fragment_removed: string | null };
  domain: DomainVerdict | null;
  /** The exact string the platform signed: jsapi_ticket=…&noncestr=…&timestamp=…&url=… */
  signed_string: string;
  expected_signature: string;
  given_signature: string;
  /** The ticket used: the account's current jsapi_ticket (null when it has none valid). */
  ticket: { value: string; expires_in: number } | null;
  /** What differed between the platform's signing and the page's, as far as it can tell. */
  differences: string[];
  /** jsApiList / openTagList names WeChat does not know (ignored, as WeChat ignores them). */
  unknown_apis: string[];
  unknown_open_tags: string[];
}

interface TicketCandidate {
  value: string;
  note: string | null;
}

/**
 * Verifies a `wx.config` the way WeChat does (spec §18.2): the account
 * exists and has JS-SDK, the page URL's host is a JS-safe domain, and the
 * signature is the lowercase SHA1 of
 * `jsapi_ticket=T&noncestr=N&timestamp=TS&url=U` with U the page URL
 * without its #fragment and T the account's current jsapi_ticket. On a
 * mismatch it re-signs the usual mistakes (fragment kept, URL encoded or
 * decoded, stale or wx_card ticket, camelCase nonceStr key, missing slash)
 * and names the one that reproduces the page's signature.
 */
export async function checkJsConfig(ctx: AppContext, input: unknown): Promise<JsConfigVerdict> {
  const cfg = validate(JsConfigCheckSchema, input);
  const hashAt = cfg.url.indexOf('#');
  const signedUrl = hashAt === -1 ? cfg.url : cfg.url.slice(0, hashAt);
  const verdict: JsConfigVerdict = {
    ok: false,
    errMsg: 'config:invalid signature',
    appId: cfg.appId,
    url: {
      given: cfg.url,
      signed: signedUrl,
      fragment_removed: hashAt === -1 ? null : cfg.url.slice(hashAt),
    },
    domain: null,
    signed_string: '',
    expected_signature: '',
    given_signature: cfg.signature,
    ticket: null,
    differences: [],
    unknown_apis: cfg.jsApiList.filter((n) => !(JS_API_NAMES as readonly string[]).includes(n)),
    unknown_open_tags: cfg.openTagList.filter((n) => !OPEN_TAG_NAMES.includes(n)),
  };

  const account = /^wx[0-9a-f]{16}$/.test(cfg.appId) ? await ctx.accounts.getByAppid(cfg.appId) : undefined;
  if (!account) {
    verdict.errMsg = 'config:invalid appid';
    verdict.differences.push(`appId "${cfg.appId}" is not an official account on this platform`);
    return verdict;
  }
  if (!hasCapability(account.type, account.verified === 1, 'jssdk')) {
    verdict.errMsg = 'config:permission denied';
    verdict.differences.push('this account has no JS-SDK permission');
    return verdict;
  }

  let pageUrl: URL | undefined;
  try {
    pageUrl = new URL(signedUrl);
  } catch {
    verdict.errMsg = 'config:invalid url domain';
    verdict.differences.push(`"${cfg.url}" is not an absolute URL`);
  }
  if (pageUrl) {
    const domains = await selectWebDomains(ctx.db, account.id, 'js');
    verdict.domain = checkUrlDomain(pageUrl, domains, ctx.config.sandbox);
    if (!verdict.domain.allowed) {
      verdict.errMsg = 'config:invalid url domain';
      verdict.differences.push(`JS-safe domain: ${verdict.domain.rule}`);
    }
  }

  const now = ctx.clock.now();
  const jsapi = await selectRecentTickets(ctx.db, account.id, 'jsapi', PAST_TICKETS + 1);
  const current = jsapi.find((t) => t.expires_at > now);
  if (current) {
    verdict.ticket = { value: current.ticket, expires_in: Math.round((current.expires_at - now) / 1000) };
  } else {
    verdict.differences.push(
      jsapi[0]
        ? `the account has no valid jsapi_ticket: the last one expired ${ago(now - jsapi[0].expires_at)} ago; call /cgi-bin/ticket/getticket?type=jsapi again`
        : 'the account has no jsapi_ticket yet: call /cgi-bin/ticket/getticket?type=jsapi and sign with its ticket',
    );
  }
  const ticketValue = current?.ticket ?? '';
  verdict.signed_string = signingString(ticketValue, cfg.nonceStr, cfg.timestamp, signedUrl, 'noncestr');
  verdict.expected_signature = sha1(verdict.signed_string);

  const signatureOk = current !== undefined && cfg.signature === verdict.expected_signature;
  if (signatureOk && verdict.errMsg === 'config:invalid signature') {
    return { ...verdict, ok: true, errMsg: 'config:ok' };
  }
  if (signatureOk) return verdict;

  if (!/^[0-9a-fA-F]{40}$/.test(cfg.signature)) {
    verdict.differences.push('the signature is not 40 hex characters (a SHA1 in lowercase hex)');
  } else if (cfg.signature.toLowerCase() === verdict.expected_signature) {
    verdict.differences.push('the signature is right but in uppercase: WeChat compares lowercase hex');
  } else {
    const tickets: TicketCandidate[] = [];
    if (current) tickets.push({ value: current.ticket, note: null });
    for (const old of jsapi) {
      if (old.expires_at <= now) {
        tickets.push({
          value: old.ticket,
          note: `signed with a stale jsapi_ticket that expired ${ago(now - old.expires_at)} ago: fetch the current one with getticket (tickets last 7200 s)`,
        });
      }
    }
    const [card] = await selectRecentTickets(ctx.db, account.id, 'wx_card', 1);
    if (card)
      tickets.push({
        value: card.ticket,
        note: 'signed with the wx_card api_ticket; wx.config needs the jsapi ticket',
      });
    const found = findMistake(cfg, signedUrl, tickets);
    verdict.differences.push(
      ...(found ?? [
        'no common mistake reproduces the given signature: the timestamp or nonceStr passed to wx.config are not the ones that were signed (the signed key is "noncestr", the config field "nonceStr"), or the ticket is not this account\'s',
      ]),
    );
    if (/^\d{13}$/.test(cfg.timestamp)) {
      verdict.differences.push(
        'timestamp looks like milliseconds; WeChat expects seconds (both sides must use the same value)',
      );
    }
  }
  return verdict;
}

/** Re-signs with each likely mistake; the words for the first combination that matches. */
function findMistake(
  cfg: { url: string; nonceStr: string; timestamp: string; signature: string },
  signedUrl: string,
  tickets: TicketCandidate[],
): string[] | null {
  const urls: { value: string; note: string | null }[] = [{ value: signedUrl, note: null }];
  const add = (value: string, note: string) => {
    if (!urls.some((u) => u.value === value)) urls.push({ value, note });
  };
  if (cfg.url !== signedUrl)
    add(cfg.url, `the url was signed with its #fragment; sign location.href.split('#')[0]`);
  add(
    encodeURIComponent(signedUrl),
    'the url was URL-encoded before signing; sign it exactly as the page sees it',
  );
  try {
    add(
      decodeURIComponent(signedUrl),
      'the url was URL-decoded before signing; sign it exactly as the page sees it (still encoded)',
    );
  } catch {
    // Not decodable: that mistake cannot be the one.
  }
  if (signedUrl.endsWith('/')) add(signedUrl.slice(0, -1), 'the url was signed without its trailing "/"');
  else add(`${signedUrl}/`, 'the url was signed with an extra trailing "/"');
  const query = signedUrl.indexOf('?');
  if (query !== -1) add(signedUrl.slice(0, query), 'the url was signed without its ?query string');
  for (const ticket of tickets) {
    for (const url of urls) {
      for (const key of ['noncestr', 'nonceStr'] as const) {
        const signature = sha1(signingString(ticket.value, cfg.nonceStr, cfg.timestamp, url.value, key));
        if (signature !== cfg.signature) continue;
        const notes = [ticket.note, url.note].filter((n): n is string => n !== null);
        if (key === 'nonceStr')
          notes.push('the signed string used the key "nonceStr"; WeChat signs "noncestr" (all lowercase)');
        return notes;
      }
    }
  }
  return null;
}

function signingString(ticket: string, nonce: string, timestamp: string, url: string, key: string): string {
  return `jsapi_ticket=${ticket}&${key}=${nonce}&timestamp=${timestamp}&url=${url}`;
}

function sha1(value: string): string {
  return createHash('sha1').update(value).digest('hex');
}

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}
