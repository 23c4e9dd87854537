import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { createConsoleMassSend, previewConsoleMassSend } from './console-mass-send.ts';
import { forecastMassSend } from './forecast-mass-send.ts';
import { cancelMassSend, deleteMassSend, findMassSends, getMassSend } from './manage-mass-sends.ts';
import { presentMassSend } from './masssend.presenter.ts';
import {
  ConsoleMassSendBodySchema,
  ConsolePreviewBodySchema,
  FindMassSendsQuerySchema,
  ForecastQuerySchema,
  PublishedArticleNewsBodySchema,
  UploadVideoBodySchema,
} from './masssend.schemas.ts';
import { uploadMassVideo } from './upload-mass-video.ts';
import { uploadPublishedArticleNews } from './upload-published-article-news.ts';

type ByAccount = { Params: { appid: string } };
type ByMsgId = { Params: { appid: string; msg_id: string } };

const MsgIdParam = z.coerce.number().int().min(0);

/**
 * `/gz/v1/accounts/:appid/mass-sends`: the console's mass sends — create
 * (now or scheduled), forecast the audience and its caps, preview on one
 * follower, list with state, progress and counts, one send, cancel a queued
 * or running one, delete (mass/delete's rules).
 */
export async function massSendRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Mass send'];
  app.get<ByAccount>(
    '/accounts/:appid/mass-sends',
    {
      schema: {
        tags,
        summary: 'List mass sends, newest first',
        querystring: toJsonSchema(FindMassSendsQuerySchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      return findMassSends(ctx, account, request.query);
    },
  );
  app.post<ByAccount>(
    '/accounts/:appid/mass-sends',
    {
      schema: {
        tags,
        summary: 'Mass-send to all, a tag or openids, now or at send_at (as sendall / send)',
        body: toJsonSchema(ConsoleMassSendBodySchema),
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      return reply.code(201).send(await createConsoleMassSend(ctx, account, request.body));
    },
  );
  app.get<ByAccount>(
    '/accounts/:appid/mass-sends/forecast',
    {
      schema: {
        tags,
        summary: 'How many a send to all or a tag targets, and how many the blacklist and monthly cap filter',
        querystring: toJsonSchema(ForecastQuerySchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      return forecastMassSend(ctx, account, request.query);
    },
  );
  app.post<ByAccount>(
    '/accounts/:appid/mass-sends/preview',
    {
      schema: {
        tags,
        summary: 'Preview a mass message on one follower (openid or wechat_id), as mass/preview',
        body: toJsonSchema(ConsolePreviewBodySchema),
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      return reply.code(201).send(await previewConsoleMassSend(ctx, account, request.body));
    },
  );
  app.post<ByAccount>(
    '/accounts/:appid/mass-sends/videos',
    {
      schema: {
        tags,
        summary:
          'Wrap a video with its title and description into an mpvideo media_id (as media/uploadvideo)',
        body: toJsonSchema(UploadVideoBodySchema),
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      const body = validate(UploadVideoBodySchema, request.body);
      return reply.code(201).send(await uploadMassVideo(ctx, account, body));
    },
  );
  app.post<ByAccount>(
    '/accounts/:appid/mass-sends/news',
    {
      schema: {
        tags,
        summary: 'Copy a published article into an mpnews media_id (as media/uploadnews)',
        body: toJsonSchema(PublishedArticleNewsBodySchema),
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      const body = validate(PublishedArticleNewsBodySchema, request.body);
      return reply.code(201).send(await uploadPublishedArticleNews(ctx, account, body.article_id));
    },
  );
  app.get<ByMsgId>(
    '/accounts/:appid/mass-sends/:msg_id',
    { schema: { tags, summary: 'One mass send with its progress and counts' } },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      const row = await getMassSend(ctx, account, validate(MsgIdParam, request.params.msg_id));
      return presentMassSend(row, account.appid);
    },
  );
  app.post<ByMsgId>(
    '/accounts/:appid/mass-sends/:msg_id/cancel',
    { schema: { tags, summary: 'Stop a queued or running mass send' } },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      return cancelMassSend(ctx, account, validate(MsgIdParam, request.params.msg_id));
    },
  );
  app.delete<ByMsgId>(
    '/accounts/:appid/mass-sends/:msg_id',
    { schema: { tags, summary: 'Delete a sent mpnews or mpvideo mass message (as mass/delete)' } },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      await deleteMassSend(ctx, account, validate(MsgIdParam, request.params.msg_id));
      return reply.code(204).send();
    },
  );
}
