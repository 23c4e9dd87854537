import { BlockList, isIP } from 'node:net';

/** Strips the IPv4-mapped IPv6 prefix so "::ffff:1.2.3.4" matches a rule for "1.2.3.4". */
export function normalizeIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

/**
 * True when `ip` is allowed by `entries` (addresses or CIDR ranges). An
 * empty list allows everyone, as on WeChat before a whitelist is set.
 */
export function ipAllowed(entries: readonly string[], ip: string): boolean {
  if (entries.length === 0) return true;
  const list = new BlockList();
  for (const entry of entries) {
    const [addr, bits] = entry.split('/');
    if (!addr) continue;
    const family = isIP(normalizeIp(addr));
    if (family === 0) continue;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(normalizeIp(addr), type);
    else list.addSubnet(normalizeIp(addr), Number(bits), type);
  }
  const caller = normalizeIp(ip);
  const family = isIP(caller);
  if (family === 0) return false;
  return list.check(caller, family === 6 ? 'ipv6' : 'ipv4');
}

/** WeChat's 40164 wording names the caller in both families. */
export function describeCallerIp(ip: string): string {
  const v4 = normalizeIp(ip);
  return isIP(v4) === 4 ? `${v4} ipv6 ::ffff:${v4}` : ip;
}
