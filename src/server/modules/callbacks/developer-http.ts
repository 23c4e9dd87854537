import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ipAllowed } from '../../lib/ip-allowlist.ts';

/**
 * Addresses a shared deployment must never push to (SSRF): loopback,
 * RFC 1918, carrier NAT, link-local (cloud metadata lives at 169.254.169.254),
 * "this network", multicast and reserved, and their IPv6 counterparts.
 */
const INTERNAL_RANGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/3',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];

/** True for an address a shared deployment must not reach. */
export function isInternalAddress(ip: string): boolean {
  return ipAllowed(INTERNAL_RANGES, ip);
}

/** How an exchange with a developer server ended, before its body is judged. */
export type ExchangeOutcome = 'ok' | 'timeout' | 'network_error' | 'too_large' | 'blocked';

export interface Exchange {
  outcome: ExchangeOutcome;
  status: number | null;
  headers: Record<string, string>;
  /** The body as received (UTF-8), cut at the cap. */
  body: string;
  durationMs: number;
  error: string | null;
}

export interface DeveloperRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Refuse internal addresses, checked on the resolved address (no DNS rebinding). */
  blockInternal: boolean;
}

class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
}

/** A DNS lookup that refuses internal addresses; the socket connects to what it returns. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const refused = addresses.find((a) => isInternalAddress(a.address));
    if (refused)
      return callback(
        new BlockedAddressError(`${hostname} resolves to internal address ${refused.address}`),
        '',
        0,
      );
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/**
 * One HTTP exchange with a developer server, bounded every way a hostile or
 * broken server could stall us: one deadline for connect + response + body,
 * a response-size cap, no redirects followed, and (optionally) no internal
 * addresses. Never throws: every ending is an Exchange.
 */
export function requestDeveloper(req: DeveloperRequest): Promise<Exchange> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (outcome: ExchangeOutcome, error: string): Exchange => ({
    outcome,
    status: null,
    headers: {},
    body: '',
    durationMs: elapsed(),
    error,
  });

  let target: URL;
  try {
    target = new URL(req.url);
  } catch {
    return Promise.resolve(failed('network_error', `not a URL: ${req.url}`));
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (req.blockInternal && isIP(host) !== 0 && isInternalAddress(host))
    return Promise.resolve(failed('blocked', `${host} is an internal address`));

  return new Promise<Exchange>((resolve) => {
    let settled = false;
    const finish = (exchange: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(exchange);
    };
    const transport = target.protocol === 'https:' ? https : http;
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const request = transport.request(
      target,
      {
        method: req.method,
        headers: {
          'user-agent': 'Mozilla/5.0 (Gongzhong; WeChat callback simulator)',
          accept: '*/*',
          ...(body ? { 'content-type': 'text/xml', 'content-length': String(body.length) } : {}),
        },
        // A fresh connection per push, as WeChat's own pushes are independent.
        agent: false,
        ...(req.blockInternal ? { lookup: guardedLookup } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > req.maxResponseBytes) {
            finish({
              ...failed('too_large', `response larger than ${req.maxResponseBytes} bytes`),
              status: response.statusCode ?? null,
              headers: flatHeaders(response.headers),
            });
            response.destroy();
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          finish({
            outcome: 'ok',
            status: response.statusCode ?? null,
            headers: flatHeaders(response.headers),
            body: Buffer.concat(chunks).toString('utf8'),
            durationMs: elapsed(),
            error: null,
          }),
        );
        response.on('error', (err) => finish(failed('network_error', err.message)));
      },
    );
    const timer = setTimeout(() => {
      finish(failed('timeout', `no complete answer within ${req.timeoutMs} ms`));
      request.destroy();
    }, req.timeoutMs);
    request.on('error', (err) => {
      if (err instanceof BlockedAddressError || err.name === 'BlockedAddressError')
        finish(failed('blocked', err.message));
      else finish(failed('network_error', describeNetworkError(err)));
    });
    request.end(body);
  });
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Error text a person can act on: connection refused, DNS, TLS. */
function describeNetworkError(err: Error & { code?: string }): string {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return `connection refused (${err.message}): is the developer server running?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${err.message})`;
  if (code === 'ECONNRESET') return `connection reset by the developer server (${err.message})`;
  if (code.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(err.message))
    return `TLS failure: ${err.message}`;
  return err.message;
}
