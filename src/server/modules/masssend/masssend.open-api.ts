import { z } from 'zod';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { deleteMassMessage, getMassSendStatus } from './manage-mass-sends.ts';
import { getMassSendSpeed, presentSpeed, setMassSendSpeed } from './mass-send-speed.ts';
import {
  DeleteBodySchema,
  GetBodySchema,
  PreviewBodySchema,
  SendAllBodySchema,
  SendBodySchema,
  SpeedSetBodySchema,
  UploadNewsBodySchema,
  UploadVideoBodySchema,
} from './masssend.schemas.ts';
import { previewMassMessage } from './preview-mass-message.ts';
import { sendMassToAll, sendMassToOpenids } from './send-mass-message.ts';
import { uploadMassNews } from './upload-mass-news.ts';
import { uploadMassVideo } from './upload-mass-video.ts';

const ok = { errcode: 0, errmsg: 'ok' } as const;

/** WeChat's mass send (spec §8) and its media helpers (§12.3). */
export const massSendOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/media/uploadnews',
    summary: 'Upload 1–8 articles as a temporary news (3 days) to mass-send as mpnews',
    auth: 'access_token',
    capability: 'mass_send',
    body: UploadNewsBodySchema,
    handler: ({ ctx, account, body }) => uploadMassNews(ctx, account, body.articles),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/media/uploadvideo',
    summary: 'Turn a video media into the media_id an mpvideo mass message takes',
    auth: 'access_token',
    capability: 'mass_send',
    body: UploadVideoBodySchema,
    handler: ({ ctx, account, body }) => uploadMassVideo(ctx, account, body),
  }),
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
      await deleteMassMessage(ctx, account, body);
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
