/**
 * The addresses Gongzhong pushes from and answers on. Self-hosted, both are
 * this machine: developers allowlisting "WeChat's IPs" should allowlist these.
 */
export function callbackIpList(host: string): string[] {
  const ips = new Set<string>(['127.0.0.1']);
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) && host !== '0.0.0.0') ips.add(host);
  return [...ips];
}
