import { z } from 'zod';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { CustomSendBodySchema, sendCustomMessage } from './send-custom-message.ts';
import { setTyping } from './set-typing.ts';

/** Body of `/cgi-bin/message/custom/typing`. */
export const TypingBodySchema = z.object({ touser: z.string().max(64), command: z.string().max(32) });

const ok = { errcode: 0, errmsg: 'ok' } as const;

/** WeChat's customer-service messages (spec §7.1–§7.2). */
export const customServiceOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/custom/send',
    summary: 'Send a customer-service message inside the follower’s service window',
    auth: 'access_token',
    capability: 'customer_service',
    body: CustomSendBodySchema,
    handler: async ({ ctx, account, body }) => {
      await sendCustomMessage(ctx, account, body);
      return ok;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/custom/typing',
    summary: 'Show or cancel “typing…” to a follower',
    auth: 'access_token',
    capability: 'customer_service',
    body: TypingBodySchema,
    handler: async ({ ctx, account, body }) => {
      await setTyping(ctx, account, body.touser, body.command);
      return ok;
    },
  }),
];
