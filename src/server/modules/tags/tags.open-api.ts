import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { getBlacklist, setBlacklisted } from './blacklist.ts';
import { changeOpenids } from './change-openid.ts';
import { getTagIdList, getTagMembers, tagFollowers, untagFollowers } from './tag-members.ts';
import { createTag, deleteTag, listTags, renameTag } from './tags.ts';
import {
  BatchBlacklistBodySchema,
  BatchTaggingBodySchema,
  ChangeOpenidBodySchema,
  CreateTagBodySchema,
  DeleteTagBodySchema,
  GetBlacklistBodySchema,
  TagIdListBodySchema,
  TagMembersBodySchema,
  UpdateTagBodySchema,
} from './tags.schemas.ts';

const ok = { errcode: 0, errmsg: 'ok' } as const;
const common = { auth: 'access_token', capability: 'user_management' } as const;

/** WeChat's tag, blacklist and account-migration APIs (spec §14.1–§14.3). */
export const tagOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/create',
    summary: 'Create a tag (name up to 30 bytes, 100 tags per account)',
    body: CreateTagBodySchema,
    handler: async ({ ctx, account, body }) => ({ tag: await createTag(ctx, account, body.tag.name) }),
  }),
  defineOpenApi({
    ...common,
    method: 'GET',
    path: '/cgi-bin/tags/get',
    summary: 'The tags with their follower counts',
    handler: async ({ ctx, account }) => ({ tags: await listTags(ctx, account) }),
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/update',
    summary: 'Rename a tag',
    body: UpdateTagBodySchema,
    handler: async ({ ctx, account, body }) => {
      await renameTag(ctx, account, body.tag.id, body.tag.name);
      return ok;
    },
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/delete',
    summary: 'Delete a tag (and untag its followers)',
    body: DeleteTagBodySchema,
    handler: async ({ ctx, account, body }) => {
      await deleteTag(ctx, account, body.tag.id);
      return ok;
    },
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/user/tag/get',
    summary: "A tag's followers, 10,000 openids a page",
    body: TagMembersBodySchema,
    handler: async ({ ctx, account, body }) =>
      getTagMembers(ctx, account, body.tagid, body.next_openid ?? ''),
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/members/batchtagging',
    summary: 'Tag up to 50 followers',
    body: BatchTaggingBodySchema,
    handler: async ({ ctx, account, body }) => {
      await tagFollowers(ctx, account, body.tagid, body.openid_list);
      return ok;
    },
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/members/batchuntagging',
    summary: 'Untag up to 50 followers',
    body: BatchTaggingBodySchema,
    handler: async ({ ctx, account, body }) => {
      await untagFollowers(ctx, account, body.tagid, body.openid_list);
      return ok;
    },
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/getidlist',
    summary: "A follower's tag ids",
    body: TagIdListBodySchema,
    handler: async ({ ctx, account, body }) => ({
      tagid_list: await getTagIdList(ctx, account, body.openid),
    }),
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/members/getblacklist',
    summary: 'The blacklist, 10,000 openids a page',
    body: GetBlacklistBodySchema,
    handler: async ({ ctx, account, body }) => getBlacklist(ctx, account, body.begin_openid ?? ''),
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/members/batchblacklist',
    summary: 'Blacklist up to 20 followers',
    body: BatchBlacklistBodySchema,
    handler: async ({ ctx, account, body }) => {
      await setBlacklisted(ctx, account, body.openid_list, true);
      return ok;
    },
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/tags/members/batchunblacklist',
    summary: 'Take up to 20 followers off the blacklist',
    body: BatchBlacklistBodySchema,
    handler: async ({ ctx, account, body }) => {
      await setBlacklisted(ctx, account, body.openid_list, false);
      return ok;
    },
  }),
  defineOpenApi({
    ...common,
    method: 'POST',
    path: '/cgi-bin/changeopenid',
    summary: "Map a migrated account's openids to this account's",
    body: ChangeOpenidBodySchema,
    handler: async ({ ctx, account, body }) => ({
      result_list: await changeOpenids(ctx, account, body.from_appid, body.openid_list),
    }),
  }),
];
