import { z } from 'zod';

/** `PUT /gz/v1/accounts/:appid/oauth-domains` and `/js-domains`: the whole list. */
export const WebDomainsBodySchema = z.object({
  /** Host names, optionally `host:port`; no scheme, no path (WeChat's settings take domains, not URLs). */
  domains: z.array(z.string().min(1).max(253)),
});
export type WebDomainsBody = z.infer<typeof WebDomainsBodySchema>;

/** What a page passed to `wx.config`, plus the page URL it runs on. */
export const JsConfigCheckSchema = z.object({
  /** The page's full URL as the browser sees it (`location.href`, fragment included or not). */
  url: z.string().min(1).max(4096),
  appId: z.string().min(1).max(64),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  nonceStr: z.string().max(256),
  signature: z.string().max(256),
  jsApiList: z.array(z.string().max(128)).max(200).default([]),
  openTagList: z.array(z.string().max(128)).max(50).default([]),
  debug: z.boolean().optional(),
});
export type JsConfigCheck = z.infer<typeof JsConfigCheckSchema>;

/** A card signature (`cardSign` for addCard/chooseCard) to check: spec §18.3. */
export const CardSignCheckSchema = z.object({
  appId: z.string().min(1).max(64),
  card_id: z.string().max(128).default(''),
  code: z.string().max(128).default(''),
  openid: z.string().max(128).default(''),
  balance: z.string().max(32).default(''),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  nonce_str: z.string().max(256),
  signature: z.string().max(256),
});
export type CardSignCheck = z.infer<typeof CardSignCheckSchema>;
