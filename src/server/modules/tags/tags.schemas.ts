import { z } from 'zod';

/**
 * WeChat sends tag ids as numbers but documents some as strings, and SDKs
 * differ (spec Appendix A.3): accept both, work with integers.
 */
export const TagId = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d{1,10}$/)
    .transform(Number),
]);
const Openid = z.string().max(64);

/** Body of `/cgi-bin/tags/create`. */
export const CreateTagBodySchema = z.object({ tag: z.object({ name: z.string() }) });
/** Body of `/cgi-bin/tags/update`. */
export const UpdateTagBodySchema = z.object({ tag: z.object({ id: TagId, name: z.string() }) });
/** Body of `/cgi-bin/tags/delete`. */
export const DeleteTagBodySchema = z.object({ tag: z.object({ id: TagId }) });
/** Body of `/cgi-bin/user/tag/get`. */
export const TagMembersBodySchema = z.object({
  tagid: TagId,
  next_openid: z.string().max(64).nullish(),
});
/** Body of `/cgi-bin/tags/members/batchtagging` and `batchuntagging`. */
export const BatchTaggingBodySchema = z.object({ openid_list: z.array(Openid), tagid: TagId });
/** Body of `/cgi-bin/tags/getidlist`. */
export const TagIdListBodySchema = z.object({ openid: Openid });
/** Body of `/cgi-bin/tags/members/getblacklist`. */
export const GetBlacklistBodySchema = z.object({ begin_openid: z.string().max(64).nullish() });
/** Body of `/cgi-bin/tags/members/batchblacklist` and `batchunblacklist`. */
export const BatchBlacklistBodySchema = z.object({ openid_list: z.array(Openid) });
/** Body of `/cgi-bin/changeopenid`. */
export const ChangeOpenidBodySchema = z.object({
  from_appid: z.string().max(64),
  openid_list: z.array(Openid),
});

// --- our own API (console) ---

/** Body of `POST /gz/v1/accounts/:appid/tags`. */
export const CreateTagSchema = z.object({ name: z.string() }).strict();
/** Body of `PATCH /gz/v1/accounts/:appid/tags/:tag_id`. */
export const RenameTagSchema = z.object({ name: z.string() }).strict();
/** Body of the members and blacklist changes of our own API: openids of the account. */
export const OpenidListSchema = z.object({ openids: z.array(Openid).min(1) }).strict();
/** Query of the member and blacklist listings of our own API. */
export const OpenidPageQuerySchema = z.object({
  after_openid: z.string().max(64).default(''),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
