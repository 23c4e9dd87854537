import { z } from 'zod';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { parseMediaType, UploadTypeQuerySchema } from '../media/media-uploads.open-api.ts';
import { mediaUrl } from '../media/media-url.ts';
import { readMediaBytes } from '../media/read-media-bytes.ts';
import { sendExactJson, sendMediaDownload } from '../media/send-media.ts';
import { readUploadForm, requireUploadedFile } from '../media/upload-form.ts';
import { addMaterial } from './add-material.ts';
import { countMaterials } from './count-materials.ts';
import { createNewsMaterial } from './create-news-material.ts';
import { deleteMaterial } from './delete-material.ts';
import { findMaterials, parseMaterialKind } from './find-materials.ts';
import { getMaterial } from './get-material.ts';
import { presentFileMaterialItem, presentNewsArticle, presentNewsItem } from './materials.presenter.ts';
import {
  AddNewsBodySchema,
  BatchgetMaterialBodySchema,
  MediaIdBodySchema,
  UpdateNewsBodySchema,
} from './materials.schemas.ts';
import { updateNewsMaterial } from './update-news-material.ts';

const OK = { errcode: 0, errmsg: 'ok' };

/**
 * `add_material` (§12.5): multipart like media/upload, so it is registered
 * with registerUploadOpenApi. A video's `description` JSON comes from the
 * form field (WxJava, silenceper, wechat-api) or the query (wechatpy).
 */
export const materialUploadOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/material/add_material',
    summary: 'Add a permanent image, voice, video (with description) or thumb material',
    auth: 'access_token',
    capability: 'material',
    query: UploadTypeQuerySchema.extend({
      /** wechatpy sends the video description here instead of in the form. */
      description: z.string().optional(),
    }),
    handler: async ({ ctx, account, query, request }) => {
      const type = parseMediaType(query.type);
      const form = await readUploadForm(request);
      const row = await addMaterial(ctx, account.id, {
        type,
        file: requireUploadedFile(form),
        description: form.fields.description ?? query.description,
      });
      // WeChat gives a URL for images only (thumbs and others are fetched with get_material).
      return type === 'image'
        ? { media_id: row.media_id, url: mediaUrl(ctx, row) }
        : { media_id: row.media_id };
    },
  }),
];

/** The JSON material endpoints (§12.5). */
export const materialOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/material/get_material',
    summary:
      'A permanent material: file bytes (image, voice, thumb), {title, description, down_url} or {news_item}',
    auth: 'access_token',
    capability: 'material',
    body: MediaIdBodySchema,
    handler: async ({ ctx, account, body, reply }) => {
      const material = await getMaterial(ctx, account.id, body.media_id);
      // JSON answers must be exactly application/json: wechat-api's
      // getMaterial otherwise hands the caller a Buffer (Appendix A.4).
      if (material.kind === 'news') {
        await sendExactJson(reply, { news_item: material.articles.map((a) => presentNewsArticle(ctx, a)) });
      } else if (material.row.type === 'video') {
        await sendExactJson(reply, {
          title: material.row.title ?? '',
          description: material.row.introduction ?? '',
          down_url: mediaUrl(ctx, material.row),
        });
      } else {
        await sendMediaDownload(reply, material.row, await readMediaBytes(ctx, material.row));
      }
      return {};
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/material/del_material',
    summary: 'Delete a permanent material (48005 while an auto-reply or menu uses it)',
    auth: 'access_token',
    capability: 'material',
    body: MediaIdBodySchema,
    handler: async ({ ctx, account, body }) => {
      await deleteMaterial(ctx, account.id, body.media_id);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/material/get_materialcount',
    summary: 'How many voice, video, image (thumbs included) and news materials the account holds',
    auth: 'access_token',
    capability: 'material',
    handler: async ({ ctx, account }) => countMaterials(ctx, account.id),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/material/batchget_material',
    summary: 'A page of permanent materials of one type, newest first (count 1..20)',
    auth: 'access_token',
    capability: 'material',
    body: BatchgetMaterialBodySchema,
    handler: async ({ ctx, account, body }) => {
      const kind = parseMaterialKind(body.type);
      const page = await findMaterials(ctx, account.id, kind, body.offset, body.count);
      const item =
        page.kind === 'news'
          ? page.rows.map((n) => presentNewsItem(ctx, n.news, n.articles))
          : page.rows.map((row) => presentFileMaterialItem(ctx, row));
      return { total_count: page.total, item_count: item.length, item };
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/material/add_news',
    summary: 'Add a news material of 1 to 8 articles (legacy; drafts replace it)',
    auth: 'access_token',
    capability: 'material',
    body: AddNewsBodySchema,
    handler: async ({ ctx, account, body }) => ({
      media_id: (await createNewsMaterial(ctx, account.id, body.articles)).media_id,
    }),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/material/update_news',
    summary: 'Replace one article (0-based index) of a news material (legacy)',
    auth: 'access_token',
    capability: 'material',
    body: UpdateNewsBodySchema,
    handler: async ({ ctx, account, body }) => {
      await updateNewsMaterial(ctx, account.id, body.media_id, body.index, body.articles);
      return OK;
    },
  }),
];
