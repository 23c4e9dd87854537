import { z } from 'zod';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { deleteMassSend, getMassSendStatus } from './manage-mass-sends.ts';
import { getMassSendSpeed, presentSpeed, setMassSendSpeed } from './mass-send-speed.ts';
import {
  DeleteBodySchema,
  GetBodySchema,
  PreviewBodySchema,
  SendAllBodySchema,
  SendBodySchema,
  SpeedSetBodySchema,
} from './masssend.schemas.ts';
import { previewMassMessage } from './preview-mass-message.ts';
import { sendMassToAll, sendMassToOpenids } from './send-mass-message.ts';

const ok = { errcode: 0, errmsg: 'ok' } as const;

/** WeChat's mass send (spec §8). */
export const massSendOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/mass/sendall',
    summary: 'Mass-send to every follower or to a tag (a durable fan-out job; MASSSENDJOBFINISH at the end)',
    auth: 'access_token',
    capability: 'mass_send',
    body: SendAllBodySchema,
    handler: ({ ctx, account, body }) => sendMassToAll(ctx, account, body),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/mass/send',
    summary: 'Mass-send to 2–10,000 openids',
    auth: 'access_token',
    capability: 'mass_send',
    body: SendBodySchema,
    handler: ({ ctx, account, body }) => sendMassToOpenids(ctx, account, body),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/mass/preview',
    summary: 'Preview a mass message on one follower (openid or WeChat id)',
    auth: 'access_token',
    capability: 'mass_send',
    body: PreviewBodySchema,
    handler: ({ ctx, account, body }) => previewMassMessage(ctx, account, body),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/mass/delete',
    summary: 'Delete a sent mpnews or mpvideo mass message (or one article)',
    auth: 'access_token',
    capability: 'mass_send',
    body: DeleteBodySchema,
    handler: async ({ ctx, account, body }) => {
      await deleteMassSend(ctx, account, body.msg_id, body.article_idx ?? 0);
      return ok;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/mass/get',
    summary: 'State of a mass send (SENDING, SEND_SUCCESS, SEND_FAIL, DELETE)',
    auth: 'access_token',
    capability: 'mass_send',
    body: GetBodySchema,
    handler: ({ ctx, account, body }) => getMassSendStatus(ctx, account, body.msg_id),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/mass/speed/get',
    summary: 'The account’s mass-send speed level and its rate',
    auth: 'access_token',
    capability: 'mass_send',
    body: z.object({}).loose(),
    handler: async ({ ctx, account }) => presentSpeed(await getMassSendSpeed(ctx, account)),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/message/mass/speed/set',
    summary: 'Set the mass-send speed level (0 fastest … 4 slowest)',
    auth: 'access_token',
    capability: 'mass_send',
    body: SpeedSetBodySchema,
    handler: async ({ ctx, account, body }) => {
      await setMassSendSpeed(ctx, account, body.speed);
      return ok;
    },
  }),
];
