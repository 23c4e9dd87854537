import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The repository root: front ends live in web/<name>/, their builds in dist/web/<name>/. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface WebAppsOptions {
  /** Where the sources are (web/<name>/vite.config.ts); defaults to the repository's web/. */
  webDir?: string;
  /** Where builds are (dist/web/<name>/index.html); defaults to the repository's dist/web/. */
  distDir?: string;
}

/**
 * Serves each front end built by `npm run build:web` at `/<name>/`: its files
 * as they are (Vite's hashed assets cached for a year, index.html always
 * revalidated), and index.html for any other GET under the prefix so the
 * client's router owns deep links (`/app/chats/…`). An app whose sources are
 * present but which was never built answers every path with a plain-text
 * note saying how to build it, instead of a bare 404.
 */
export async function webApps(app: FastifyInstance, options: WebAppsOptions = {}): Promise<void> {
  const webDir = options.webDir ?? path.join(REPO_ROOT, 'web');
  const distDir = options.distDir ?? path.join(REPO_ROOT, 'dist', 'web');
  const names = new Set([...listDirs(webDir, 'vite.config.ts'), ...listDirs(distDir, 'index.html')]);
  for (const name of [...names].sort()) {
    const root = path.join(distDir, name);
    const indexFile = path.join(root, 'index.html');
    if (existsSync(indexFile)) await serveBuiltApp(app, name, root, indexFile);
    else serveNotBuilt(app, name);
  }
}

function listDirs(dir: string, marker: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, marker)))
    .map((entry) => entry.name);
}

async function serveBuiltApp(app: FastifyInstance, name: string, root: string, indexFile: string) {
  // Read once: a rebuild while the server runs changes the hashed names it
  // points to, so a restart picks up a new build (as with any deploy).
  const indexHtml = readFileSync(indexFile);
  await app.register(
    async (scope) => {
      await scope.register(fastifyStatic, {
        root,
        prefix: '/',
        decorateReply: false,
        index: false,
        cacheControl: false,
        // Hashed file names change with their content: safe to keep forever.
        setHeaders: (res, filePath) => {
          const hashed = filePath.startsWith(path.join(root, 'assets') + path.sep);
          res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
        schemaHide: true,
      });
      const sendIndex = (_request: unknown, reply: FastifyReply) =>
        reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
      scope.get('/', { schema: { hide: true } }, sendIndex);
      scope.setNotFoundHandler(async (request, reply) => {
        // A missing hashed asset is a real 404 (a stale tab after a deploy);
        // every other GET is a client-side route.
        if (request.method !== 'GET' || request.url.startsWith(`/${name}/assets/`)) {
          return reply.code(404).type('text/plain; charset=utf-8').send(`${request.url} not found\n`);
        }
        return sendIndex(request, reply);
      });
    },
    { prefix: `/${name}` },
  );
}

function serveNotBuilt(app: FastifyInstance, name: string) {
  const message =
    `The /${name}/ front end is not built yet (no dist/web/${name}/index.html).\n` +
    `Run: npm run build:web   (npm install does this too), then restart the platform.\n`;
  const handler = async (_request: unknown, reply: FastifyReply) =>
    reply.code(503).type('text/plain; charset=utf-8').send(message);
  app.get(`/${name}`, { schema: { hide: true } }, handler);
  app.get(`/${name}/*`, { schema: { hide: true } }, handler);
}
