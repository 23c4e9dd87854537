/**
 * WeChat's default daily call limits for a newly registered account
 * (接口频率限制), keyed by cgi path. `/cgi-bin/openapi/quota/get` answers
 * from this table, and each Open API route counts against its entry. Paths
 * WeChat publishes no number for use DEFAULT_DAILY_QUOTA.
 */
export const DAILY_QUOTAS: Record<string, number> = {
  '/cgi-bin/token': 2000,
  '/cgi-bin/stable_token': 500000,
  '/cgi-bin/getcallbackip': 5000,
  '/cgi-bin/get_api_domain_ip': 5000,
  '/cgi-bin/callback/check': 1000,
  '/cgi-bin/menu/create': 1000,
  '/cgi-bin/menu/get': 10000,
  '/cgi-bin/menu/delete': 1000,
  '/cgi-bin/menu/addconditional': 2000,
  '/cgi-bin/menu/delconditional': 2000,
  '/cgi-bin/menu/trymatch': 20000,
  '/cgi-bin/get_current_selfmenu_info': 10000,
  '/cgi-bin/tags/create': 1000,
  '/cgi-bin/tags/get': 1000,
  '/cgi-bin/tags/update': 1000,
  '/cgi-bin/tags/delete': 1000,
  '/cgi-bin/tags/members/batchtagging': 10000,
  '/cgi-bin/tags/members/batchuntagging': 10000,
  '/cgi-bin/tags/getidlist': 1000,
  '/cgi-bin/tags/members/getblacklist': 1000,
  '/cgi-bin/tags/members/batchblacklist': 1000,
  '/cgi-bin/tags/members/batchunblacklist': 1000,
  '/cgi-bin/user/tag/get': 1000,
  '/cgi-bin/user/info/updateremark': 10000,
  '/cgi-bin/user/info': 5000000,
  '/cgi-bin/user/info/batchget': 5000000,
  '/cgi-bin/user/get': 500,
  '/cgi-bin/changeopenid': 1000,
  '/cgi-bin/media/upload': 100000,
  '/cgi-bin/media/get': 200000,
  '/cgi-bin/media/uploadimg': 100000,
  '/cgi-bin/media/uploadnews': 10,
  '/cgi-bin/message/custom/send': 500000,
  '/cgi-bin/message/custom/typing': 500000,
  '/cgi-bin/message/mass/sendall': 100,
  '/cgi-bin/message/mass/send': 100,
  '/cgi-bin/message/mass/preview': 100,
  '/cgi-bin/message/mass/delete': 10,
  '/cgi-bin/message/mass/get': 1000,
  '/cgi-bin/message/mass/speed/get': 1000,
  '/cgi-bin/message/mass/speed/set': 1000,
  '/cgi-bin/message/template/send': 100000,
  '/cgi-bin/qrcode/create': 100000,
  '/cgi-bin/shorten/gen': 1000,
  '/cgi-bin/shorten/fetch': 1000,
  '/cgi-bin/shorturl': 1000,
  '/cgi-bin/ticket/getticket': 10000,
  '/cgi-bin/material/add_material': 5000,
  '/cgi-bin/material/add_news': 5000,
  '/cgi-bin/material/update_news': 5000,
  '/cgi-bin/material/get_material': 10000,
  '/cgi-bin/material/del_material': 5000,
  '/cgi-bin/material/get_materialcount': 10000,
  '/cgi-bin/material/batchget_material': 10000,
  '/cgi-bin/draft/add': 1000,
  '/cgi-bin/draft/get': 500,
  '/cgi-bin/draft/update': 1000,
  '/cgi-bin/draft/delete': 1000,
  '/cgi-bin/draft/count': 1000,
  '/cgi-bin/draft/batchget': 1000,
  '/cgi-bin/draft/switch': 1000,
  '/cgi-bin/freepublish/submit': 100,
  '/cgi-bin/freepublish/get': 100,
  '/cgi-bin/freepublish/delete': 10,
  '/cgi-bin/freepublish/getarticle': 100,
  '/cgi-bin/freepublish/batchget': 100,
  '/cgi-bin/openapi/quota/get': 10000,
  '/cgi-bin/openapi/rid/get': 10000,
};

/** Daily limit for an Open API path WeChat lists without a number. */
export const DEFAULT_DAILY_QUOTA = 10000;

/** How many times a month an account may reset its counters (clear_quota). */
export const CLEAR_QUOTA_MONTHLY_LIMIT = 10;

/** Mass-send calls (sendall, send, preview) an account may make a minute (spec §8.2; 45011 past it). */
export const MASS_SEND_MINUTE_LIMIT = 60;

/** The daily limit applying to `cgiPath`. */
export function dailyQuotaFor(cgiPath: string): number {
  return DAILY_QUOTAS[cgiPath] ?? DEFAULT_DAILY_QUOTA;
}
