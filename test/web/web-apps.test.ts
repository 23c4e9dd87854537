import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { webApps } from '../../src/server/http/web-apps.ts';

describe('front ends at /<name>/', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gz-web-'));
  const webDir = path.join(tmp, 'web');
  const distDir = path.join(tmp, 'dist');
  for (const name of ['shop', 'draft']) {
    mkdirSync(path.join(webDir, name), { recursive: true });
    writeFileSync(path.join(webDir, name, 'vite.config.ts'), 'export default {};\n');
  }
  mkdirSync(path.join(distDir, 'shop', 'assets'), { recursive: true });
  writeFileSync(path.join(distDir, 'shop', 'index.html'), '<!doctype html><title>shop</title>');
  writeFileSync(path.join(distDir, 'shop', 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(distDir, 'shop', 'favicon.svg'), '<svg/>');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  async function server() {
    const app = Fastify();
    await webApps(app, { webDir, distDir });
    await app.ready();
    return app;
  }

  it('serves the built index at /<name>/ and for client-side routes beneath it', async () => {
    const app = await server();
    for (const url of ['/shop/', '/shop', '/shop/chats/42', '/shop/a/b?c=d']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain('<title>shop</title>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    await app.close();
  });

  it('keeps hashed assets for a year and 404s a missing one instead of sending the page', async () => {
    const app = await server();
    const asset = await app.inject({ url: '/shop/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toContain('immutable');
    const other = await app.inject({ url: '/shop/favicon.svg' });
    expect(other.headers['cache-control']).toBe('no-cache');
    const missing = await app.inject({ url: '/shop/assets/index-old999.js' });
    expect(missing.statusCode).toBe(404);
    await app.close();
  });

  it('says how to build an app whose sources exist but which was never built', async () => {
    const app = await server();
    for (const url of ['/draft', '/draft/', '/draft/chats']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toContain('npm run build:web');
    }
    await app.close();
  });
});
