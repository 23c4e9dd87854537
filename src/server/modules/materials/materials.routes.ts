import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { parseMediaType } from '../media/media-uploads.open-api.ts';
import { presentMedia } from '../media/media.presenter.ts';
import { readUploadForm, registerUploadScope, requireUploadedFile } from '../media/upload-form.ts';
import { addMaterial } from './add-material.ts';
import { countMaterials } from './count-materials.ts';
import { deleteMaterial } from './delete-material.ts';
import { findMaterials } from './find-materials.ts';
import { presentNewsArticle } from './materials.presenter.ts';
import { ListMaterialsQuerySchema } from './materials.schemas.ts';

type ByAppid = { Params: { appid: string } };
type ByMaterial = { Params: { appid: string; media_id: string } };

/**
 * `/gz/v1/accounts/:appid/materials`: the console's material library
 * (list, counts, upload, delete) over the same operations as the Open API.
 */
export async function materialRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Materials'];
  const base = '/accounts/:appid/materials';

  app.get<ByAppid>(
    base,
    {
      schema: {
        tags,
        summary: 'A page of permanent materials of one type, newest first',
        querystring: toJsonSchema(ListMaterialsQuerySchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      const query = validate(ListMaterialsQuerySchema, request.query);
      const page = await findMaterials(ctx, account.id, query.type, query.offset, query.count);
      const items =
        page.kind === 'news'
          ? page.rows.map(({ news, articles }) => ({
              media_id: news.media_id,
              created_at: news.created_at,
              updated_at: news.updated_at,
              articles: articles.map((a) => presentNewsArticle(ctx, a)),
            }))
          : page.rows.map((row) => presentMedia(ctx, row));
      return { total_count: page.total, items };
    },
  );

  app.get<ByAppid>(
    `${base}/counts`,
    { schema: { tags, summary: 'Materials held per type (thumbs count as images)' } },
    async (request) => countMaterials(ctx, (await getAccount(ctx, request.params.appid)).id),
  );

  app.delete<ByMaterial>(
    `${base}/:media_id`,
    {
      schema: {
        tags,
        summary: 'Delete a material (409 MATERIAL_IN_USE while an auto-reply or menu uses it)',
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      await deleteMaterial(ctx, account.id, request.params.media_id);
      return reply.code(204).send();
    },
  );

  await registerUploadScope(app, async (scope) => {
    scope.post<ByAppid>(
      base,
      {
        schema: {
          tags,
          summary:
            'Upload a material: multipart with the file in "media", a "type" field, and "title"/"introduction" for a video',
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        const account = await getAccount(ctx, request.params.appid);
        const form = await readUploadForm(request);
        const { type, title, introduction, description } = form.fields;
        const row = await addMaterial(ctx, account.id, {
          type: parseMediaType(type ?? ''),
          file: requireUploadedFile(form),
          description:
            description ?? (title === undefined ? undefined : JSON.stringify({ title, introduction })),
        });
        return reply.code(201).send(presentMedia(ctx, row));
      },
    );
  });
}
