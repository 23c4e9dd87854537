import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { readUploadForm, requireUploadedFile } from '../media/upload-form.ts';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { closeKfSession } from './close-kf-session.ts';
import { createKfAccount } from './create-kf-account.ts';
import { createKfSession } from './create-kf-session.ts';
import { deleteKfAccount } from './delete-kf-account.ts';
import { findKfAccounts } from './find-kf-accounts.ts';
import { findKfRecords } from './find-kf-records.ts';
import { findKfSessionsOf, findWaitCases, getKfSessionOf } from './find-kf-sessions.ts';
import { inviteKfWorker } from './invite-kf-worker.ts';
import { presentKfListItem, presentKfOnline } from './kf.presenter.ts';
import {
  KfAccountBodySchema,
  KfAccountQuerySchema,
  KfInviteBodySchema,
  KfSessionBodySchema,
  MsgRecordBodySchema,
  OpenidQuerySchema,
} from './kf.schemas.ts';
import { setKfHeadimg } from './set-kf-headimg.ts';
import { updateKfAccount } from './update-kf-account.ts';

const ok = { errcode: 0, errmsg: 'ok' } as const;

async function kfList(ctx: AppContext, account: AccountsTable) {
  const now = ctx.clock.now();
  return { kf_list: (await findKfAccounts(ctx, account)).map((r) => presentKfListItem(ctx, r, now)) };
}

async function onlineList(ctx: AppContext, account: AccountsTable) {
  const rows = await findKfAccounts(ctx, account);
  return { kf_online_list: rows.filter((r) => r.online_status > 0).map(presentKfOnline) };
}

// WeChat documents the lists under /cgi-bin/customservice/; wechatpy calls
// them without /cgi-bin (spec §7.3), so both paths answer.
const listRoutes = ['/cgi-bin/customservice', '/customservice'].flatMap((prefix) => [
  defineOpenApi({
    method: 'GET',
    path: `${prefix}/getkflist`,
    summary: 'List the kf (customer-service agent) accounts',
    auth: 'access_token',
    capability: 'customer_service',
    handler: async ({ ctx, account }) => kfList(ctx, account),
  }),
  defineOpenApi({
    method: 'GET',
    path: `${prefix}/getonlinekflist`,
    summary: 'List the kf accounts online now, with their active sessions',
    auth: 'access_token',
    capability: 'customer_service',
    handler: async ({ ctx, account }) => onlineList(ctx, account),
  }),
]);

/** WeChat's kf accounts, sessions and chat record (spec §7.3–§7.5), JSON routes. */
export const kfOpenApiRoutes: AnyOpenApiRoute[] = [
  ...listRoutes,
  defineOpenApi({
    method: 'POST',
    path: '/customservice/kfaccount/add',
    summary: 'Add a kf account (prefix@wxid, nickname ≤ 16; at most 100)',
    auth: 'access_token',
    capability: 'customer_service',
    body: KfAccountBodySchema,
    handler: async ({ ctx, account, body }) => {
      await createKfAccount(ctx, account, body);
      return ok;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/customservice/kfaccount/update',
    summary: 'Change a kf account’s nickname',
    auth: 'access_token',
    capability: 'customer_service',
    body: KfAccountBodySchema,
    handler: async ({ ctx, account, body }) => {
      await updateKfAccount(ctx, account, body);
      return ok;
    },
  }),
  defineOpenApi({
    method: 'GET',
    path: '/customservice/kfaccount/del',
    summary: 'Delete a kf account (its active sessions close)',
    auth: 'access_token',
    capability: 'customer_service',
    query: KfAccountQuerySchema,
    handler: async ({ ctx, account, query }) => {
      await deleteKfAccount(ctx, account, query.kf_account);
      return ok;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/customservice/kfaccount/inviteworker',
    summary: 'Invite a WeChat user (by WeChat id) to be a kf account’s agent; waits 7 days',
    auth: 'access_token',
    capability: 'customer_service',
    body: KfInviteBodySchema,
    handler: async ({ ctx, account, body }) => {
      await inviteKfWorker(ctx, account, body);
      return ok;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/customservice/kfsession/create',
    summary: 'Start a session between an online agent and a follower',
    auth: 'access_token',
    capability: 'customer_service',
    body: KfSessionBodySchema,
    handler: async ({ ctx, account, body }) => {
      await createKfSession(ctx, account, body.kf_account, body.openid);
      return ok;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/customservice/kfsession/close',
    summary: 'Close a follower’s session with an agent',
    auth: 'access_token',
    capability: 'customer_service',
    body: KfSessionBodySchema,
    handler: async ({ ctx, account, body }) => {
      await closeKfSession(ctx, account, body.kf_account, body.openid);
      return ok;
    },
  }),
  defineOpenApi({
    method: 'GET',
    path: '/customservice/kfsession/getsession',
    summary: 'A follower’s session: its agent and start time',
    auth: 'access_token',
    capability: 'customer_service',
    query: OpenidQuerySchema,
    handler: async ({ ctx, account, query }) => getKfSessionOf(ctx, account, query.openid),
  }),
  defineOpenApi({
    method: 'GET',
    path: '/customservice/kfsession/getsessionlist',
    summary: 'The followers an agent serves now',
    auth: 'access_token',
    capability: 'customer_service',
    query: KfAccountQuerySchema,
    handler: async ({ ctx, account, query }) => findKfSessionsOf(ctx, account, query.kf_account),
  }),
  defineOpenApi({
    method: 'GET',
    path: '/customservice/kfsession/getwaitcase',
    summary: 'Followers waiting for an agent (count and the 100 oldest)',
    auth: 'access_token',
    capability: 'customer_service',
    handler: async ({ ctx, account }) => findWaitCases(ctx, account),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/customservice/msgrecord/getmsglist',
    summary: 'The customer-service chat record (≤ 24 h per query, paged by msgid)',
    auth: 'access_token',
    capability: 'customer_service',
    body: MsgRecordBodySchema,
    handler: async ({ ctx, account, body }) => findKfRecords(ctx, account, body),
  }),
];

/** kfaccount/uploadheadimg: multipart, registered with registerUploadOpenApi (upload body limit). */
export const kfUploadOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/customservice/kfaccount/uploadheadimg',
    summary: 'Upload a kf account’s head image (JPG, field media; kf_account in the query)',
    auth: 'access_token',
    capability: 'customer_service',
    query: KfAccountQuerySchema,
    handler: async ({ ctx, account, query, request }) => {
      const file = requireUploadedFile(await readUploadForm(request));
      await setKfHeadimg(ctx, account, query.kf_account, file);
      return ok;
    },
  }),
];
