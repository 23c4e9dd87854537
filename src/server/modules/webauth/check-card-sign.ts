import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { selectRecentTickets } from './webauth.queries.ts';
import { CardSignCheckSchema } from './webauth.schemas.ts';

/** The outcome of a card signature check, with the values the platform signed. */
export interface CardSignVerdict {
  ok: boolean;
  errMsg: string;
  /** The values signed, sorted as strings, and their concatenation. */
  sorted_values: string[];
  signed_string: string;
  expected_signature: string;
  given_signature: string;
  differences: string[];
}

/**
 * The card signature (`cardSign` of addCard/chooseCard, spec §18.3): SHA1 of
 * the values (api_ticket of type wx_card, timestamp, card_id, code, openid,
 * nonce_str, balance), empty ones included as "", sorted as strings and
 * concatenated without separators. A mismatch is re-signed without
 * nonce_str (old wechat-api) and with the jsapi ticket to name the mistake.
 */
export async function checkCardSign(ctx: AppContext, input: unknown): Promise<CardSignVerdict> {
  const data = validate(CardSignCheckSchema, input);
  const account = /^wx[0-9a-f]{16}$/.test(data.appId) ? await ctx.accounts.getByAppid(data.appId) : undefined;
  const now = ctx.clock.now();
  const [card] = account ? await selectRecentTickets(ctx.db, account.id, 'wx_card', 1) : [];
  const [jsapi] = account ? await selectRecentTickets(ctx.db, account.id, 'jsapi', 1) : [];
  const ticket = card && card.expires_at > now ? card.ticket : '';
  const base = [data.timestamp, data.card_id, data.code, data.openid, data.balance];
  const sorted = [ticket, ...base, data.nonce_str].sort();
  const signedString = sorted.join('');
  const expected = sha1(signedString);
  const verdict: CardSignVerdict = {
    ok: ticket !== '' && data.signature === expected,
    errMsg: 'ok',
    sorted_values: sorted,
    signed_string: signedString,
    expected_signature: expected,
    given_signature: data.signature,
    differences: [],
  };
  if (verdict.ok) return verdict;
  verdict.errMsg = 'invalid signature';
  if (!account) verdict.differences.push(`appId "${data.appId}" is not an official account on this platform`);
  else if (!card)
    verdict.differences.push('the account has no wx_card api_ticket: call getticket?type=wx_card');
  else if (!ticket)
    verdict.differences.push('the wx_card api_ticket expired: call getticket?type=wx_card again');
  const tries: [string[], string][] = [
    [[card?.ticket ?? '', ...base], 'nonce_str was left out of the signed values; include it'],
    [
      [jsapi?.ticket ?? '', ...base, data.nonce_str],
      'signed with the jsapi ticket; card signatures use the wx_card api_ticket',
    ],
    [[card?.ticket ?? '', ...base, data.nonce_str], 'signed with an expired wx_card api_ticket'],
  ];
  for (const [values, note] of tries) {
    if (sha1([...values].sort().join('')) === data.signature) {
      verdict.differences.push(note);
      return verdict;
    }
  }
  if (account && card) {
    verdict.differences.push(
      'no common mistake reproduces the signature: check that every value (timestamp, nonce_str, card_id, code, openid) is the one signed, sorted as strings',
    );
  }
  return verdict;
}

function sha1(value: string): string {
  return createHash('sha1').update(value).digest('hex');
}
