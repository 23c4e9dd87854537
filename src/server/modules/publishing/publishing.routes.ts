import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { cancelPublication } from './cancel-publication.ts';
import { findPublications } from './find-publications.ts';
import { getPublication } from './get-publication.ts';
import { presentPublication } from './publishing.presenter.ts';
import {
  CreateSensitiveWordSchema,
  ListPublicationsQuerySchema,
  SchedulePublicationBodySchema,
} from './publishing.schemas.ts';
import { createSensitiveWord, deleteSensitiveWord, findSensitiveWords } from './sensitive-words.ts';
import { submitPublication } from './submit-publication.ts';

type ByAppid = { Params: { appid: string } };
type ByPublication = { Params: { appid: string; publish_id: string } };
type ByOrganization = { Params: { id: string } };
type ByWord = { Params: { id: string; word_id: string } };

const PublishIdParam = z.coerce.number().int().min(0);

/**
 * `/gz/v1/accounts/:appid/publications` (the console's publishing: publish
 * now or at a time, list with state and reader counts, one, cancel while
 * pending) and `/gz/v1/organizations/:id/sensitive-words` (what the
 * publish check refuses).
 */
export async function publishingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Publishing'];
  const base = '/accounts/:appid/publications';

  app.post<ByAppid>(
    base,
    {
      schema: {
        tags,
        summary: 'Publish a draft now, or at publish_at (epoch ms, platform clock)',
        body: toJsonSchema(SchedulePublicationBodySchema),
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      const body = validate(SchedulePublicationBodySchema, request.body);
      const row = await submitPublication(ctx, account, body.draft_media_id, body.publish_at);
      return reply.code(201).send(presentPublication(ctx, row, []));
    },
  );
  app.get<ByAppid>(
    base,
    {
      schema: {
        tags,
        summary: 'Publications, newest first, with state and read/like/wow/share/comment counts',
        querystring: toJsonSchema(ListPublicationsQuerySchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      const query = validate(ListPublicationsQuerySchema, request.query);
      const page = await findPublications(ctx, account.id, { ...query, successfulOnly: false });
      return {
        total_count: page.total,
        items: page.rows.map(({ row, articles }) => presentPublication(ctx, row, articles)),
      };
    },
  );
  app.get<ByPublication>(
    `${base}/:publish_id`,
    { schema: { tags, summary: 'One publication' } },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      const { row, articles } = await getPublication(
        ctx,
        account.id,
        validate(PublishIdParam, request.params.publish_id),
      );
      return presentPublication(ctx, row, articles);
    },
  );
  app.delete<ByPublication>(
    `${base}/:publish_id`,
    { schema: { tags, summary: 'Cancel a publication still pending (a scheduled one before its time)' } },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      await cancelPublication(ctx, account.id, validate(PublishIdParam, request.params.publish_id));
      return reply.code(204).send();
    },
  );

  const words = '/organizations/:id/sensitive-words';
  app.get<ByOrganization>(
    words,
    { schema: { tags, summary: 'The organisation’s sensitive words (the publish check refuses them)' } },
    async (request) => ({
      items: (await findSensitiveWords(ctx, request.params.id)).map(presentWord),
    }),
  );
  app.post<ByOrganization>(
    words,
    { schema: { tags, summary: 'Add a sensitive word', body: toJsonSchema(CreateSensitiveWordSchema) } },
    async (request, reply) => {
      const body = validate(CreateSensitiveWordSchema, request.body);
      const { row, created } = await createSensitiveWord(ctx, request.params.id, body.word);
      return reply.code(created ? 201 : 200).send(presentWord(row));
    },
  );
  app.delete<ByWord>(
    `${words}/:word_id`,
    { schema: { tags, summary: 'Remove a sensitive word' } },
    async (request, reply) => {
      await deleteSensitiveWord(ctx, request.params.id, request.params.word_id);
      return reply.code(204).send();
    },
  );
}

function presentWord(row: { id: string; word: string; created_at: number }) {
  return { id: row.id, word: row.word, created_at: row.created_at };
}
