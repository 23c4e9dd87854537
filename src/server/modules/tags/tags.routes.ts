import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { getAccountFollower, listAccountFollowers } from '../followers/account-followers.ts';
import { updateRemark } from '../followers/user-info.ts';
import { setBlacklisted } from './blacklist.ts';
import { tagFollowers, untagFollowers } from './tag-members.ts';
import { createTag, deleteTag, listTags, renameTag } from './tags.ts';
import { CreateTagSchema, OpenidListSchema, OpenidPageQuerySchema, RenameTagSchema } from './tags.schemas.ts';

type ByAppid = { Params: { appid: string } };
type ByTag = { Params: { appid: string; tag_id: string } };
type ByOpenid = { Params: { appid: string; openid: string } };
type ByTagOpenid = { Params: { appid: string; tag_id: string; openid: string } };

const TagIdParam = z.coerce.number().int();
/** Body of `PUT /gz/v1/accounts/:appid/followers/:openid/remark`: under 30 characters, as updateremark. */
const RemarkSchema = z
  .object({
    remark: z.string().refine((r) => [...r].length < 30, 'remark must be shorter than 30 characters'),
  })
  .strict();
/** Query of `GET /gz/v1/accounts/:appid/followers`. */
const FollowersQuerySchema = OpenidPageQuerySchema.extend({
  tag_id: z.coerce.number().int().optional(),
  blacklisted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/**
 * `/gz/v1/accounts/:appid/{followers,tags,blacklist}`: the operator's view of
 * the audience — followers with their tags, tag management, the blacklist.
 * The same operations as the Open API, with the same limits and errors.
 */
export async function tagRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Followers and tags'];
  const tagId = (raw: string) => validate(TagIdParam, raw);

  app.get<ByAppid>(
    '/accounts/:appid/followers',
    {
      schema: {
        tags,
        summary: "The account's followers (or its blacklist), by openid, optionally of one tag",
        querystring: toJsonSchema(FollowersQuerySchema),
      },
    },
    async (request) =>
      listAccountFollowers(ctx, request.params.appid, validate(FollowersQuerySchema, request.query)),
  );
  app.get<ByOpenid>(
    '/accounts/:appid/followers/:openid',
    { schema: { tags, summary: 'One follower: profile, tags, blacklist state' } },
    async (request) => getAccountFollower(ctx, request.params.appid, request.params.openid),
  );

  app.put<ByOpenid>(
    '/accounts/:appid/followers/:openid/remark',
    {
      schema: { tags, summary: "Set the operator's remark on a follower", body: toJsonSchema(RemarkSchema) },
    },
    async (request) => {
      const { remark } = validate(RemarkSchema, request.body);
      const account = await getAccount(ctx, request.params.appid);
      await updateRemark(ctx, account, request.params.openid, remark);
      return getAccountFollower(ctx, account.appid, request.params.openid);
    },
  );

  app.get<ByAppid>(
    '/accounts/:appid/tags',
    { schema: { tags, summary: 'Tags with counts' } },
    async (request) => ({
      tags: await listTags(ctx, await getAccount(ctx, request.params.appid)),
    }),
  );
  app.post<ByAppid>(
    '/accounts/:appid/tags',
    { schema: { tags, summary: 'Create a tag', body: toJsonSchema(CreateTagSchema) } },
    async (request, reply) => {
      const { name } = validate(CreateTagSchema, request.body);
      const tag = await createTag(ctx, await getAccount(ctx, request.params.appid), name);
      return reply.code(201).send({ ...tag, count: 0 });
    },
  );
  app.patch<ByTag>(
    '/accounts/:appid/tags/:tag_id',
    { schema: { tags, summary: 'Rename a tag', body: toJsonSchema(RenameTagSchema) } },
    async (request) => {
      const { name } = validate(RenameTagSchema, request.body);
      const account = await getAccount(ctx, request.params.appid);
      return renameTag(ctx, account, tagId(request.params.tag_id), name);
    },
  );
  app.delete<ByTag>(
    '/accounts/:appid/tags/:tag_id',
    { schema: { tags, summary: 'Delete a tag (untags its followers)' } },
    async (request, reply) => {
      await deleteTag(ctx, await getAccount(ctx, request.params.appid), tagId(request.params.tag_id));
      return reply.code(204).send();
    },
  );
  app.post<ByTag>(
    '/accounts/:appid/tags/:tag_id/members',
    { schema: { tags, summary: 'Tag up to 50 followers', body: toJsonSchema(OpenidListSchema) } },
    async (request, reply) => {
      const { openids } = validate(OpenidListSchema, request.body);
      const account = await getAccount(ctx, request.params.appid);
      await tagFollowers(ctx, account, tagId(request.params.tag_id), openids);
      return reply.code(204).send();
    },
  );
  app.delete<ByTagOpenid>(
    '/accounts/:appid/tags/:tag_id/members/:openid',
    { schema: { tags, summary: 'Untag one follower' } },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      await untagFollowers(ctx, account, tagId(request.params.tag_id), [request.params.openid]);
      return reply.code(204).send();
    },
  );
  app.put<ByOpenid>(
    '/accounts/:appid/blacklist/:openid',
    { schema: { tags, summary: 'Blacklist a follower' } },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      await setBlacklisted(ctx, account, [request.params.openid], true);
      return getAccountFollower(ctx, request.params.appid, request.params.openid);
    },
  );
  app.delete<ByOpenid>(
    '/accounts/:appid/blacklist/:openid',
    { schema: { tags, summary: 'Take a follower off the blacklist' } },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      await setBlacklisted(ctx, account, [request.params.openid], false);
      return getAccountFollower(ctx, request.params.appid, request.params.openid);
    },
  );
}
