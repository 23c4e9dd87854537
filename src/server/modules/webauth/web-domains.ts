import type { AppContext } from '../../context.ts';
import type { WebDomainKind } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { replaceWebDomainRows, selectWebDomains } from './webauth.queries.ts';
import { WebDomainsBodySchema } from './webauth.schemas.ts';

/** How many domains WeChat's settings page accepts: 2 for web authorization, 5 JS-safe. */
export const WEB_DOMAIN_LIMITS: Record<WebDomainKind, number> = { oauth: 2, js: 5 };

/** Hosts a sandbox allows with any port, whatever the account's list says. */
export const SANDBOX_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export interface WebDomainsView {
  kind: WebDomainKind;
  domains: string[];
  /** Allowed on top of `domains` because the platform runs in sandbox mode (any port). */
  sandbox_defaults: string[];
}

/** The account's authorised domains of one kind. */
export async function getWebDomains(
  ctx: AppContext,
  appid: string,
  kind: WebDomainKind,
): Promise<WebDomainsView> {
  const account = await getAccount(ctx, appid);
  return present(ctx, kind, await selectWebDomains(ctx.db, account.id, kind));
}

/** Replaces the account's authorised domains of one kind (WEB_DOMAIN_INVALID for a URL or a bad host). */
export async function replaceWebDomains(
  ctx: AppContext,
  appid: string,
  kind: WebDomainKind,
  input: unknown,
): Promise<WebDomainsView> {
  const body = validate(WebDomainsBodySchema, input);
  const account = await getAccount(ctx, appid);
  const domains: string[] = [];
  for (const raw of body.domains) {
    const domain = normalizeDomain(raw);
    if (!domain) {
      throw new AppError(
        'WEB_DOMAIN_INVALID',
        `"${raw}" is not a domain: write the host name only (www.example.com or www.example.com:8080), no scheme or path`,
      );
    }
    if (!domains.includes(domain)) domains.push(domain);
  }
  const limit = WEB_DOMAIN_LIMITS[kind];
  if (domains.length > limit) throw new AppError('WEB_DOMAIN_INVALID', `at most ${limit} ${kind} domains`);
  await replaceWebDomainRows(ctx.db, account.id, kind, domains, ctx.clock.now());
  return present(ctx, kind, domains);
}

function present(ctx: AppContext, kind: WebDomainKind, domains: string[]): WebDomainsView {
  return { kind, domains, sandbox_defaults: ctx.config.sandbox ? SANDBOX_HOSTS.map((h) => `${h}:*`) : [] };
}

/** `Host` or `host:port`, lowercased, or null when it is not a bare domain. */
export function normalizeDomain(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  if (!/^[a-z0-9.-]+(?::\d{1,5})?$/.test(value) && !/^\[[0-9a-f:]+\](?::\d{1,5})?$/.test(value)) return null;
  const host = value.replace(/:\d+$/, '');
  if (host.startsWith('.') || host.endsWith('.') || host.includes('..')) return null;
  return value;
}

/** Why a URL's host is or is not allowed, in words a developer can act on. */
export interface DomainVerdict {
  allowed: boolean;
  /** The host (and port, when not the scheme's default) the rule looked at. */
  host: string;
  rule: string;
}

/**
 * Checks a URL against a domain list the way WeChat does: the full host
 * must equal an entry (www.qq.com does not cover pay.qq.com or qq.com); an
 * entry without a port covers only the scheme's default port. In sandbox
 * mode localhost and 127.0.0.1 are allowed with any port.
 */
export function checkUrlDomain(url: URL, domains: readonly string[], sandbox: boolean): DomainVerdict {
  const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      allowed: false,
      host,
      rule: `the scheme must be http or https, not ${url.protocol.replace(/:$/, '')}`,
    };
  }
  if (sandbox && SANDBOX_HOSTS.includes(url.hostname)) {
    return { allowed: true, host, rule: `${url.hostname} is allowed with any port in sandbox mode` };
  }
  if (domains.includes(host)) return { allowed: true, host, rule: `${host} is an authorised domain` };
  const sameHost = domains.filter((d) => d.replace(/:\d+$/, '') === url.hostname);
  if (sameHost.length) {
    return {
      allowed: false,
      host,
      rule: `the port differs: ${host} is not ${sameHost.join(' or ')} (a domain without a port covers only port 80/443)`,
    };
  }
  const parent = domains.find((d) => url.hostname.endsWith(`.${d}`) || d.endsWith(`.${url.hostname}`));
  if (parent) {
    return {
      allowed: false,
      host,
      rule: `${url.hostname} is not ${parent}: the authorised domain must be the full host name (subdomains and parents are not covered)`,
    };
  }
  const list = domains.length ? domains.join(', ') : 'none configured';
  return { allowed: false, host, rule: `${host} is not among the account's authorised domains (${list})` };
}
