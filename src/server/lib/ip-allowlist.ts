import { BlockList, isIP } from 'node:net';

/** Strips the IPv4-mapped IPv6 prefix so "::ffff:1.2.3.4" matches a rule for "1.2.3.4". */
export function normalizeIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

/** Splits "addr[/bits]" into a normalised address, its family and prefix, or null when invalid. */
function parseEntry(entry: string): { addr: string; type: 'ipv4' | 'ipv6'; bits: number | null } | null {
  const parts = entry.trim().split('/');
  if (parts.length > 2) return null;
  const addr = normalizeIp(parts[0] ?? '');
  const family = isIP(addr);
  if (family === 0) return null;
  const max = family === 6 ? 128 : 32;
  const bitsText = parts[1];
  if (bitsText === undefined) return { addr, type: family === 6 ? 'ipv6' : 'ipv4', bits: null };
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max) return null;
  return { addr, type: family === 6 ? 'ipv6' : 'ipv4', bits: Number(bitsText) };
}

/** True for an IPv4/IPv6 address or a CIDR range with a prefix its family allows. */
export function isValidIpEntry(entry: string): boolean {
  return parseEntry(entry) !== null;
}

/**
 * True when `ip` is allowed by `entries` (addresses or CIDR ranges). An
 * empty list allows everyone, as on WeChat before a whitelist is set.
 * Entries that are not valid (stored before validation tightened) match
 * nothing rather than failing the request.
 */
export function ipAllowed(entries: readonly string[], ip: string): boolean {
  if (entries.length === 0) return true;
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (!parsed) continue;
    if (parsed.bits === null) list.addAddress(parsed.addr, parsed.type);
    else list.addSubnet(parsed.addr, parsed.bits, parsed.type);
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
