/**
 * Shared set-up for the media and materials suites: a listening platform
 * (the wechat-api SDK needs a real socket), token-authenticated inject
 * helpers, multipart bodies, and the SDK's media and material methods typed
 * from node_modules/wechat-api/lib/api_media.js and api_material.js.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import WechatAPI from 'wechat-api';
import { expect } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { multipartBody } from '../../src/server/modules/media/media.test-helpers.ts';
import { fetchToken } from '../helpers/factories.ts';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import type { DialectName } from '../../src/server/db/index.ts';

export interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

type Cb<T> = (err: (Error & { code?: number }) | null, data: T) => void;

/** The media and material methods of wechat-api 1.35 (callback style). */
export interface MediaSdk {
  endpoint: string;
  uploadMedia(filepath: string, type: string, cb: Cb<WechatBody>): void;
  uploadImage(filepath: string, cb: Cb<WechatBody>): void;
  getMedia(mediaId: string, cb: Cb<unknown>): void;
  uploadMaterial(filepath: string, type: string, cb: Cb<WechatBody>): void;
  uploadVideoMaterial(filepath: string, description: object, cb: Cb<WechatBody>): void;
  getMaterial(mediaId: string, cb: Cb<unknown>): void;
  removeMaterial(mediaId: string, cb: Cb<WechatBody>): void;
  getMaterialCount(cb: Cb<WechatBody>): void;
  getMaterials(type: string, offset: number, count: number, cb: Cb<WechatBody>): void;
  uploadNewsMaterial(news: object, cb: Cb<WechatBody>): void;
  updateNewsMaterial(news: object, cb: Cb<WechatBody>): void;
}

/** An SDK call as a promise of `{err, data}` (errors are results here, not throws). */
export function sdkCall<T = unknown>(
  fn: (cb: Cb<T>) => void,
): Promise<{ err: (Error & { code?: number }) | null; data: T }> {
  return new Promise((resolve) => fn((err, data) => resolve({ err, data })));
}

/** A platform listening on a free port, plus the helpers each suite uses. */
export async function startMediaPlatform(dialect: DialectName) {
  const p: TestPlatform = await createTestPlatform(dialect);
  await p.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
  const files = mkdtempSync(path.join(p.ctx.config.dataDir, 'uploads-'));

  return {
    p,
    base,
    /** A file on disk for the SDK, which uploads from paths. */
    writeFile(name: string, bytes: Buffer): string {
      const file = path.join(files, name);
      writeFileSync(file, bytes);
      return file;
    },
    /** wechat-api pointed at this platform. */
    sdk(account: AccountsTable): MediaSdk {
      const api = new WechatAPI(account.appid, account.appsecret) as unknown as MediaSdk & {
        fileServerPrefix: string;
      };
      api.endpoint = base;
      api.fileServerPrefix = `${base}/cgi-bin/`;
      return api;
    },
    token: (account: AccountsTable) => fetchToken(p, account),
    /** A multipart upload with the file in field `media`, as WeChat clients send it. */
    upload(
      url: string,
      file: { filename: string; bytes: Buffer; contentType?: string; field?: string },
      fields: Record<string, string> = {},
    ): Promise<LightMyRequestResponse> {
      const { payload, headers } = multipartBody(fields, {
        contentType: 'application/octet-stream',
        ...file,
      });
      return p.app.inject({ method: 'POST', url, headers, payload });
    },
    postJson(url: string, body: unknown): Promise<LightMyRequestResponse> {
      return p.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    },
  };
}

/** A WeChat error answer: HTTP 200, Content-Type exactly application/json, this errcode. */
export function expectErrcode(res: LightMyRequestResponse, errcode: number): WechatBody {
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/json');
  const body = res.json<WechatBody>();
  expect(body.errcode, res.body).toBe(errcode);
  return body;
}

/** A WeChat success answer (no errcode, or 0). */
export function expectOk(res: LightMyRequestResponse): WechatBody {
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json<WechatBody>();
  expect(body.errcode ?? 0, res.body).toBe(0);
  return body;
}
