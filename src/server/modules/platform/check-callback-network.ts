import { lookup } from 'node:dns/promises';
import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { tcpPing } from '../../lib/tcp-ping.ts';

/**
 * `/cgi-bin/callback/check`: resolves and pings the account's developer
 * server for real (DNS lookup, TCP connect time) instead of canned numbers.
 */
export async function checkCallbackNetwork(
  ctx: AppContext,
  account: AccountsTable,
  action: 'dns' | 'ping' | 'all',
  operator: string,
) {
  const dns: { ip: string; real_operator: string }[] = [];
  const ping: { ip: string; from_operator: string; package_loss: string; time: string }[] = [];
  if (!account.server_url) return { dns, ping };
  const url = new URL(account.server_url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  let ips: string[] = [];
  try {
    ips = (await lookup(host, { all: true })).map((r) => r.address);
  } catch (err) {
    ctx.log.info({ err, host }, 'callback check: DNS lookup failed');
  }
  const from = operator === 'DEFAULT' ? 'CHINANET' : operator;
  if (action !== 'ping') for (const ip of ips) dns.push({ ip, real_operator: 'UNKNOWN' });
  if (action !== 'dns') {
    for (const ip of ips) {
      const ms = await tcpPing(ip, port, 2000);
      ping.push({
        ip,
        from_operator: from,
        package_loss: ms === null ? '100%' : '0%',
        time: ms === null ? '0ms' : `${ms.toFixed(3)}ms`,
      });
    }
  }
  return { dns, ping };
}
