import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { decodeCursor, pageOf } from '../../lib/cursor.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getFollowing } from '../followers/get-follower.ts';
import { getUser } from '../followers/get-user.ts';
import { presentMessage } from '../messages/messages.presenter.ts';
import { selectNotificationFeed } from '../messages/messages.queries.ts';
import { decideSubscriptions } from './subscribe-notifications.ts';

type ByUser = { Params: { user_id: string } };
type ByUserAccount = { Params: { user_id: string; appid: string } };
type ByUserTemplate = { Params: { user_id: string; appid: string; template_id: string } };

const Status = z.enum(['accept', 'reject']);
/** Body of `POST …/subscriptions`: the follower's answers in the subscription popup. */
export const PopupSchema = z
  .object({
    /** WeChat's PopupScene: where the popup showed (an integer code). */
    scene: z.number().int().min(0).max(1000).default(2),
    decisions: z
      .array(z.object({ template_id: z.string().min(1).max(128), status: Status }).strict())
      .min(1)
      .max(10),
  })
  .strict();
/** Body of `PUT …/subscriptions/:template_id`: a change in the follower's settings. */
export const ChangeSubscriptionSchema = z.object({ status: Status }).strict();
/** Body of `PUT …/notification-settings`. */
export const NotificationSettingsSchema = z.object({ blocked: z.boolean() }).strict();
/** Query of the feed. */
export const FeedQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/**
 * The follower's side of notifications (`/gz/v1/users/:user_id/…`): the
 * service-notifications feed across accounts, answering subscription
 * popups, changing a choice later, and turning an account's template
 * messages off — each pushing the event WeChat pushes.
 */
export async function notificationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Notifications'];
  app.get<ByUser>(
    '/users/:user_id/notifications',
    {
      schema: {
        tags,
        summary: "The user's service notifications from every account, newest first",
        querystring: toJsonSchema(FeedQuerySchema),
      },
    },
    async (request) => {
      const { limit, cursor } = validate(FeedQuerySchema, request.query);
      const user = await getUser(ctx, request.params.user_id);
      const rows = await selectNotificationFeed(ctx.db, user.id, limit + 1, decodeCursor(cursor));
      const page = pageOf(rows, limit);
      return {
        items: page.items.map((r) => ({ ...presentMessage(r), account_name: r.account_name })),
        next_cursor: page.next_cursor,
      };
    },
  );
  app.get<ByUserAccount>(
    '/users/:user_id/accounts/:appid/subscriptions',
    { schema: { tags, summary: "The account's subscribe templates with this follower's choice" } },
    async (request) => {
      const { account, follower } = await getFollowing(ctx, request.params.user_id, request.params.appid);
      const rows = await ctx.db
        .selectFrom('subscribe_templates')
        .leftJoin('notification_subscriptions', (join) =>
          join
            .onRef('notification_subscriptions.pri_tmpl_id', '=', 'subscribe_templates.pri_tmpl_id')
            .on('notification_subscriptions.follower_id', '=', follower.id),
        )
        .select([
          'subscribe_templates.pri_tmpl_id',
          'subscribe_templates.title',
          'subscribe_templates.type',
          'subscribe_templates.scene_desc',
          'notification_subscriptions.status',
          'notification_subscriptions.remaining',
        ])
        .where('subscribe_templates.account_id', '=', account.id)
        .orderBy('subscribe_templates.created_at')
        .execute();
      return {
        items: rows.map((r) => ({
          template_id: r.pri_tmpl_id,
          title: r.title,
          type: r.type === 2 ? 'one_time' : 'long_term',
          scene_desc: r.scene_desc,
          status: r.status ?? null,
          remaining: r.remaining ?? 0,
        })),
      };
    },
  );
  app.post<ByUserAccount>(
    '/users/:user_id/accounts/:appid/subscriptions',
    {
      schema: {
        tags,
        summary: 'Answer the subscription popup (subscribe_msg_popup_event)',
        body: toJsonSchema(PopupSchema),
      },
    },
    async (request) => {
      const body = validate(PopupSchema, request.body);
      const { account, follower } = await getFollowing(ctx, request.params.user_id, request.params.appid);
      return {
        items: await decideSubscriptions(ctx, account, follower, body.decisions, {
          source: 'popup',
          scene: body.scene,
        }),
      };
    },
  );
  app.put<ByUserTemplate>(
    '/users/:user_id/accounts/:appid/subscriptions/:template_id',
    {
      schema: {
        tags,
        summary: 'Change a choice in settings (subscribe_msg_change_event)',
        body: toJsonSchema(ChangeSubscriptionSchema),
      },
    },
    async (request) => {
      const { status } = validate(ChangeSubscriptionSchema, request.body);
      const { account, follower } = await getFollowing(ctx, request.params.user_id, request.params.appid);
      const [item] = await decideSubscriptions(
        ctx,
        account,
        follower,
        [{ template_id: request.params.template_id, status }],
        { source: 'change', scene: 0 },
      );
      return item;
    },
  );
  app.put<ByUserAccount>(
    '/users/:user_id/accounts/:appid/notification-settings',
    {
      schema: {
        tags,
        summary: "Turn the account's template messages off or on (拒收消息)",
        body: toJsonSchema(NotificationSettingsSchema),
      },
    },
    async (request) => {
      const { blocked } = validate(NotificationSettingsSchema, request.body);
      const { follower } = await getFollowing(ctx, request.params.user_id, request.params.appid);
      await ctx.db
        .updateTable('followers')
        .set({ notifications_blocked: blocked ? 1 : 0 })
        .where('id', '=', follower.id)
        .execute();
      return { blocked };
    },
  );
}
