import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';
import { frameworkErrorHandler, registerErrorHandling } from './http/error-handler.ts';
import { flushApiCalls } from './modules/requests/record-api-call.ts';
import { webApps } from './http/web-apps.ts';
import { adminKeyMatches } from './modules/admin/admin-key.ts';
import { accountRoutes } from './modules/accounts/accounts.routes.ts';
import { authenticateConsoleRequest } from './modules/console/console-access.ts';
import { consolePeopleRoutes, consoleSessionRoutes } from './modules/console/console.routes.ts';
import { articlePages } from './modules/articles/articles.pages.ts';
import { articleRoutes } from './modules/articles/articles.routes.ts';
import { commentOpenApiRoutes } from './modules/articles/comments.open-api.ts';
import { autoreplyOpenApiRoutes, autoreplyRoutes } from './modules/autoreply/autoreply.routes.ts';
import { deliveryRoutes } from './modules/callbacks/deliveries.routes.ts';
import { eventLogRoutes } from './modules/event-log/event-log.routes.ts';
import { followerAppAllows } from './modules/followerapp/app-session.ts';
import { followerAppRoutes } from './modules/followerapp/followerapp.routes.ts';
import { followerRoutes } from './modules/followers/followers.routes.ts';
import { userOpenApiRoutes } from './modules/followers/users.open-api.ts';
import { tagOpenApiRoutes } from './modules/tags/tags.open-api.ts';
import { customServiceOpenApiRoutes } from './modules/customservice/customservice.open-api.ts';
import { customServiceRoutes } from './modules/customservice/customservice.routes.ts';
import { kfOpenApiRoutes, kfUploadOpenApiRoutes } from './modules/kf/kf.open-api.ts';
import { kfRoutes } from './modules/kf/kf.routes.ts';
import { notificationOpenApiRoutes } from './modules/notifications/notifications.open-api.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { templateRoutes } from './modules/notifications/templates.routes.ts';
import { subscribeTemplateRoutes } from './modules/notifications/subscribe-templates.routes.ts';
import { tagRoutes } from './modules/tags/tags.routes.ts';
import {
  materialOpenApiRoutes,
  materialUploadOpenApiRoutes,
} from './modules/materials/materials.open-api.ts';
import { draftOpenApiRoutes } from './modules/drafts/drafts.open-api.ts';
import { draftRoutes } from './modules/drafts/drafts.routes.ts';
import { publishingOpenApiRoutes } from './modules/publishing/publishing.open-api.ts';
import { publishingRoutes } from './modules/publishing/publishing.routes.ts';
import { massSendOpenApiRoutes } from './modules/masssend/masssend.open-api.ts';
import { massSendRoutes } from './modules/masssend/masssend.routes.ts';
import { materialRoutes } from './modules/materials/materials.routes.ts';
import { mediaUploadOpenApiRoutes } from './modules/media/media-uploads.open-api.ts';
import { mediaFileRoutes, mediaOpenApiRoutes, mediaRoutes } from './modules/media/media.routes.ts';
import { registerUploadOpenApi } from './modules/media/upload-form.ts';
import { menuOpenApiRoutes } from './modules/menus/menus.open-api.ts';
import { menuRoutes } from './modules/menus/menus.routes.ts';
import { organizationRoutes } from './modules/organizations/organizations.routes.ts';
import { platformRoutes } from './modules/platform/platform.routes.ts';
import { quotaRoutes } from './modules/quotas/quotas.routes.ts';
import { requestRoutes } from './modules/requests/requests.routes.ts';
import { qrcodeOpenApiRoutes } from './modules/qrcodes/qrcodes.open-api.ts';
import { qrcodeRoutes } from './modules/qrcodes/qrcodes.routes.ts';
import { realtimeRoutes } from './modules/realtime/realtime.routes.ts';
import { sandboxRoutes } from './modules/sandbox/sandbox.routes.ts';
import { tokenRoutes } from './modules/tokens/tokens.routes.ts';
import { webAuthOpenApiRoutes } from './modules/webauth/webauth.open-api.ts';
import { webAuthPages } from './modules/webauth/webauth.pages.ts';
import { webAuthRoutes } from './modules/webauth/webauth.routes.ts';
import { registerOpenApi } from './wechat/open-api.ts';

/** Our own API's prefix; never collides with a WeChat path. */
export const OWN_API_PREFIX = '/gz/v1';

export interface BuildAppOptions {
  /** sha256 of the admin API key (see modules/admin/admin-key.ts). */
  adminKeyHash: string;
}

/**
 * Builds the whole HTTP surface on a context. Never listens: main.ts does,
 * and tests use `inject()` or `listen({port: 0})` themselves.
 */
export async function buildApp(ctx: AppContext, options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    genReqId: () => `req-${Math.random().toString(36).slice(2, 12)}`,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    frameworkErrors: frameworkErrorHandler(ctx),
  });
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') ctx.runtime.port = address.port;
  });
  app.addHook('onRequest', async (request) => {
    request.gz = { startedAt: ctx.clock.now(), account: null };
  });
  // The API call log batches in memory: write what is left before the database goes.
  app.addHook('onClose', () => flushApiCalls(ctx));
  // zod validates inside operations (so errors render per face); schemas
  // on routes only feed the OpenAPI document.
  app.setValidatorCompiler(() => (data: unknown) => ({ value: data as object }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorHandling(app, ctx);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Gongzhong API',
        version: '0.1.0',
        description:
          "WeChat-compatible Open API (same paths, fields and errcodes as api.weixin.qq.com) and Gongzhong's own API under /gz/v1 (Bearer admin key).",
      },
      components: { securitySchemes: { adminKey: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // Cookies for the web sessions (console, follower client); registered once for every scope.
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  // Before any route: it wraps `websocket: true` routes as they are added.
  await app.register(websocket);

  await registerOpenApi(app, ctx, [
    ...tokenRoutes,
    ...platformRoutes,
    ...autoreplyOpenApiRoutes,
    ...mediaOpenApiRoutes,
    ...materialOpenApiRoutes,
    ...userOpenApiRoutes,
    ...qrcodeOpenApiRoutes,
    ...menuOpenApiRoutes,
    ...tagOpenApiRoutes,
    ...customServiceOpenApiRoutes,
    ...kfOpenApiRoutes,
    ...massSendOpenApiRoutes,
    ...draftOpenApiRoutes,
    ...publishingOpenApiRoutes,
    ...notificationOpenApiRoutes,
    ...webAuthOpenApiRoutes,
    ...commentOpenApiRoutes,
  ]);
  // Multipart uploads: the same conventions with a body limit fit for files.
  await registerUploadOpenApi(app, ctx, [
    ...mediaUploadOpenApiRoutes,
    ...materialUploadOpenApiRoutes,
    ...kfUploadOpenApiRoutes,
  ]);

  await app.register(
    async (api) => {
      api.get(
        '/health',
        { schema: { tags: ['Platform'], summary: 'Liveness and database check' } },
        async () => {
          await ctx.db.selectFrom('settings').select('key').limit(1).execute();
          return { status: 'ok', dialect: ctx.dialect, time: new Date(ctx.clock.now()).toISOString() };
        },
      );
      await consoleSessionRoutes(api, ctx);
      await followerAppRoutes(api, ctx, { adminKeyHash: options.adminKeyHash });
      await api.register(async (secured) => {
        secured.addHook('onRequest', async (request) => {
          const header = request.headers.authorization;
          const presented = header?.startsWith('Bearer ')
            ? header.slice(7).trim()
            : firstHeader(request.headers['x-admin-key']);
          if (adminKeyMatches(presented, options.adminKeyHash)) return;
          if (followerAppAllows(request, options.adminKeyHash, { sandbox: ctx.config.sandbox })) return;
          // A console cookie: session, CSRF and role checks (modules/console).
          if (await authenticateConsoleRequest(ctx, request)) return;
          throw new AppError(
            'UNAUTHENTICATED',
            'send Authorization: Bearer <admin key> (printed at first start; `gongzhong admin-key reset` makes a new one)',
          );
        });
        await consolePeopleRoutes(secured, ctx);
        await organizationRoutes(secured, ctx);
        await accountRoutes(secured, ctx);
        await quotaRoutes(secured, ctx);
        await requestRoutes(secured, ctx);
        await autoreplyRoutes(secured, ctx);
        await followerRoutes(secured, ctx);
        await tagRoutes(secured, ctx);
        await customServiceRoutes(secured, ctx);
        await kfRoutes(secured, ctx);
        await massSendRoutes(secured, ctx);
        await draftRoutes(secured, ctx);
        await publishingRoutes(secured, ctx);
        await notificationRoutes(secured, ctx);
        await templateRoutes(secured, ctx);
        await subscribeTemplateRoutes(secured, ctx);
        await mediaRoutes(secured, ctx);
        await materialRoutes(secured, ctx);
        await qrcodeRoutes(secured, ctx);
        await menuRoutes(secured, ctx);
        await deliveryRoutes(secured, ctx);
        await eventLogRoutes(secured, ctx);
        await sandboxRoutes(secured, ctx);
        await realtimeRoutes(secured, ctx);
        await webAuthRoutes(secured, ctx);
        await articleRoutes(secured, ctx);
      });
    },
    { prefix: OWN_API_PREFIX },
  );

  await mediaFileRoutes(app, ctx);
  await webAuthPages(app, ctx);
  await articlePages(app, ctx);
  await webApps(app);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));
  return app;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
