import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import { DATA_TABLES, type Db, type FollowersTable } from '../../src/server/db/schema.ts';
import { createAccount } from '../../src/server/modules/accounts/create-account.ts';
import { createDemoFollowers } from '../../src/server/modules/followers/create-demo-followers.ts';
import { createOrganization } from '../../src/server/modules/organizations/create-organization.ts';
import { issueAccessToken } from '../../src/server/modules/tokens/issue-access-token.ts';
import { putSetting } from '../../src/server/modules/settings/settings.queries.ts';

/**
 * At least one row in every table of DATA_TABLES, with nulls, CJK text and
 * epoch-ms bigints, so a backup round trip is checked on real shapes.
 */
export async function seedEveryTable(ctx: AppContext): Promise<void> {
  const org = await createOrganization(ctx, { name: '备份 Org' });
  const accounts = [
    await createAccount(ctx, {
      organization_id: org.id,
      type: 'service',
      verified: true,
      name: '备份服务号',
      alias: 'backup-service',
    }),
    await createAccount(ctx, { organization_id: org.id, type: 'subscription', name: 'Backup Sub' }),
  ];
  await createDemoFollowers(ctx, accounts);
  const account = accounts[0]!;
  // The rows below hang off one demo follower of the service account.
  const follower = await ctx.db
    .selectFrom('followers')
    .selectAll()
    .where('account_id', '=', account.id)
    .executeTakeFirstOrThrow();
  await seedConversationTables(ctx, follower);
  await seedAudienceAndContentTables(ctx, follower);
  await seedOutboundTables(ctx, follower);
  await seedWebAuthTables(ctx, follower);
  await seedContentTables(ctx, follower);
  await seedConsoleTables(ctx, follower);
  await issueAccessToken(ctx, account);
  await issueAccessToken(ctx, accounts[1]!);
  await putSetting(ctx.db, 'backup_test', '设置 ✓');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('api_quota_usage')
    .values({ account_id: account.id, cgi_path: '/cgi-bin/token', day: '2026-11-21', used: 7 })
    .execute();
  await ctx.db
    .insertInto('quota_clears')
    .values({ account_id: account.id, month: '2026-11', count: 2 })
    .execute();
  await ctx.db
    .insertInto('api_request_log')
    .values({
      rid: 'rid-backup-1',
      account_id: null,
      invoke_time: now,
      cost_in_ms: 12,
      request_url: '/cgi-bin/token?appid=x',
      request_body: '',
      response_body: '{"errcode":40013,"errmsg":"invalid appid"}',
      client_ip: '127.0.0.1',
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('api_call_log')
    .values({
      id: 'call_backup_1',
      account_id: account.id,
      method: 'POST',
      endpoint: '/cgi-bin/message/custom/send',
      errcode: 0,
      latency_ms: 4,
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('jobs')
    .values({
      id: 'job_backup_1',
      name: 'test.noop',
      version: 1,
      payload: '{"a":1}',
      status: 'queued',
      attempts: 0,
      max_attempts: 5,
      run_at: now + 1000,
      locked_by: null,
      locked_until: null,
      last_error: null,
      dedupe_key: null,
      progress: null,
      result: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Every row of every data table, in a stable order, for exact before/after comparison. */
export async function snapshotData(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of DATA_TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = rows
      .map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))))
      .sort();
  }
  return out;
}

/** Rows for the conversation tables (migration 0002), as raw inserts (unionids come with the demo followers). */
async function seedConversationTables(ctx: AppContext, follower: FollowersTable) {
  const accountId = follower.account_id;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('messages')
    .values({
      id: 'msg_backup_1',
      account_id: accountId,
      follower_id: follower.id,
      user_id: follower.user_id,
      direction: 'in',
      msg_type: 'text',
      msg_id: '23987654321098765',
      content: '{"content":"你好 ]]> <xml>"}',
      source: 'follower',
      delivery_id: 'dlv_backup_1',
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('deliveries')
    .values({
      id: 'dlv_backup_1',
      account_id: accountId,
      follower_id: follower.id,
      openid: follower.openid,
      msg_type: 'text',
      event: null,
      dedupe_key: '23987654321098765',
      message_id: 'msg_backup_1',
      url: 'http://127.0.0.1:9/wx',
      message_mode: 'safe',
      request_xml: '<xml><Content><![CDATA[你好]]></Content></xml>',
      outcome: 'failed',
      error: 'timeout',
      reply_xml: null,
      attempt_count: 1,
      replay_of: null,
      created_at: now,
      finished_at: now + 5000,
    })
    .execute();
  await ctx.db
    .insertInto('delivery_attempts')
    .values({
      id: 'att_backup_1',
      delivery_id: 'dlv_backup_1',
      attempt: 1,
      request_url: 'http://127.0.0.1:9/wx?signature=x',
      request_body: '<xml/>',
      response_status: null,
      response_headers: null,
      response_body: null,
      duration_ms: 5000,
      outcome: 'timeout',
      error: 'no response within 5000 ms',
      started_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('event_log')
    .values({
      account_id: accountId,
      user_id: follower.user_id,
      openid: follower.openid,
      type: 'message',
      detail: '{"msgtype":"text"}',
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('media')
    .values({
      media_id: 'media_backup_1',
      account_id: accountId,
      type: 'image',
      origin: 'follower',
      filename: '照片.png',
      content_type: 'image/png',
      size: 68,
      sha256: '0'.repeat(64),
      storage_key: 'ab/media_backup_1',
      width: 1,
      height: 1,
      created_at: now,
      expires_at: now + 3 * 86_400_000,
    })
    .execute();
  await ctx.db
    .insertInto('autoreply_settings')
    .values({
      account_id: accountId,
      autoreply_open: 1,
      follow_reply_open: 1,
      follow_reply: '{"msgtype":"text","text":{"content":"欢迎"}}',
      default_reply_open: 0,
      default_reply: null,
      updated_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('autoreply_rules')
    .values({
      id: 'arr_backup_1',
      account_id: accountId,
      rule_name: '规则',
      keywords: '[{"match_mode":"contain","content":"你好"}]',
      replies: '[{"msgtype":"text","text":{"content":"hi"}}]',
      reply_mode: 'reply_all',
      position: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Rows for the tables of issues 4–6 (tags, menus, QR codes, short keys, materials, notifications), as raw inserts. */
async function seedAudienceAndContentTables(ctx: AppContext, follower: FollowersTable) {
  const accountId = follower.account_id;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('tags')
    .values({ account_id: accountId, id: 100, name: '备份标签', created_at: now })
    .execute();
  await ctx.db
    .insertInto('follower_tags')
    .values({
      account_id: accountId,
      tag_id: 100,
      follower_id: follower.id,
      openid: follower.openid,
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('menus')
    .values({
      id: 'menu_backup_1',
      account_id: accountId,
      menuid: 208379533,
      kind: 'default',
      buttons: '[{"type":"click","name":"今日歌曲","key":"V1001_TODAY_MUSIC"}]',
      matchrule: null,
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('qr_codes')
    .values({
      ticket:
        'gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==',
      account_id: accountId,
      action_name: 'QR_LIMIT_STR_SCENE',
      scene_id: null,
      scene_str: '备份',
      expire_seconds: null,
      expires_at: null,
      url: 'http://weixin.qq.com/q/backup0000000000000',
      scan_count: 3,
      subscribe_count: 1,
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('short_keys')
    .values({
      short_key: 'AbCdEfGhIjKlMnO',
      account_id: accountId,
      long_data: 'loooong 数据',
      created_at: now,
      expires_at: now + 1000,
    })
    .execute();
  await ctx.db
    .insertInto('material_news')
    .values({ media_id: 'news_backup_1', account_id: accountId, created_at: now, updated_at: now })
    .execute();
  await ctx.db
    .insertInto('material_news_articles')
    .values({
      media_id: 'news_backup_1',
      idx: 0,
      title: '备份文章',
      thumb_media_id: 'thumb_backup_1',
      author: '作者',
      digest: '摘要',
      content: '<p>正文 ]]></p>',
      content_source_url: 'https://example.com',
      show_cover_pic: 1,
      need_open_comment: 0,
      only_fans_can_comment: 0,
    })
    .execute();
  await ctx.db
    .insertInto('account_industries')
    .values({ account_id: accountId, primary_industry_id: 1, secondary_industry_id: 4, updated_at: now })
    .execute();
  await ctx.db
    .insertInto('private_templates')
    .values({
      template_id: 'tpl_backup_1',
      account_id: accountId,
      short_id: 'TM00015',
      title: '订单支付成功',
      primary_industry: 'IT科技',
      deputy_industry: '互联网|电子商务',
      content: '{{first.DATA}}',
      example: '示例',
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('template_sends')
    .values({
      msgid: 200228332,
      account_id: accountId,
      follower_id: follower.id,
      template_id: 'tpl_backup_1',
      client_msg_id: 'cm-1',
      status: 'success',
      message_id: null,
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('subscribe_templates')
    .values({
      pri_tmpl_id: 'sub_backup_1',
      account_id: accountId,
      tid: '1001',
      title: '订单发货通知',
      type: 2,
      content: '商品名称:{{thing1.DATA}}',
      example: '商品名称:杯子',
      kid_list: '[1,2]',
      scene_desc: '发货提醒',
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('notification_subscriptions')
    .values({
      follower_id: follower.id,
      pri_tmpl_id: 'sub_backup_1',
      account_id: accountId,
      status: 'accept',
      remaining: 2,
      updated_at: now,
    })
    .execute();
}

/** Rows for customer service (kf accounts, sessions, records) and mass send, as raw inserts. */
async function seedOutboundTables(ctx: AppContext, follower: FollowersTable) {
  const accountId = follower.account_id;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('kf_accounts')
    .values({
      id: 'kf_backup_1',
      account_id: accountId,
      kf_id: 1001,
      kf_account: 'test1@backup',
      nickname: '客服一号',
      headimg_media_id: null,
      user_id: follower.user_id,
      invite_user_id: null,
      invite_wx: null,
      invite_expires_at: null,
      invite_status: null,
      online_status: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('kf_sessions')
    .values({
      id: 'kfs_backup_1',
      account_id: accountId,
      follower_id: follower.id,
      openid: follower.openid,
      kf_account: 'test1@backup',
      status: 'active',
      open_follower_id: follower.id,
      created_at: now,
      accepted_at: now,
      closed_at: null,
      latest_time: now,
    })
    .execute();
  await ctx.db
    .insertInto('kf_records')
    .values({
      account_id: accountId,
      openid: follower.openid,
      opercode: 2002,
      text: '您好 ]]>',
      worker: 'test1@backup',
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('mass_sends')
    .values({
      id: 'mass_backup_1',
      account_id: accountId,
      msg_id: 1000010001,
      msg_data_id: null,
      kind: 'all',
      tag_id: null,
      touser: null,
      msg_type: 'text',
      content: '{"content":"群发 ✓"}',
      clientmsgid: 'backup-1',
      send_ignore_reprint: 0,
      speed: 0,
      status: 'sent',
      cursor: follower.openid,
      batches: 1,
      total_count: 1,
      filter_count: 1,
      sent_count: 1,
      error_count: 0,
      deleted_articles: null,
      job_id: null,
      finish_delivery_id: null,
      month: '2026-11',
      scheduled_at: null,
      created_at: now,
      started_at: now,
      finished_at: now,
      updated_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('mass_send_receipts')
    .values({ follower_id: follower.id, month: '2026-11', received: 1 })
    .execute();
  await ctx.db
    .insertInto('mass_send_speeds')
    .values({ account_id: accountId, speed: 2, updated_at: now })
    .execute();
  await ctx.db
    .insertInto('mass_media')
    .values([
      {
        media_id: 'mass_news_backup_1',
        account_id: accountId,
        type: 'news',
        articles: JSON.stringify([{ title: '群发 ✓', content: '<p>正文</p>', thumb_media_id: 'thumb' }]),
        video_media_id: null,
        title: null,
        description: null,
        created_at: now,
        expires_at: now + 3 * 86_400_000,
      },
      {
        media_id: 'mass_video_backup_1',
        account_id: accountId,
        type: 'video',
        articles: null,
        video_media_id: 'video_backup_1',
        title: '视频',
        description: 'clip',
        created_at: now,
        expires_at: now + 3 * 86_400_000,
      },
    ])
    .execute();
}

async function seedWebAuthTables(ctx: AppContext, follower: FollowersTable) {
  const accountId = follower.account_id;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('web_domains')
    .values([
      { account_id: accountId, kind: 'oauth', domain: 'h5.例子.example:8443', created_at: now },
      { account_id: accountId, kind: 'js', domain: 'h5.example.com', created_at: now },
    ])
    .execute();
  await ctx.db
    .insertInto('oauth_codes')
    .values({
      code_hash: 'c'.repeat(64),
      account_id: accountId,
      follower_id: follower.id,
      scope: 'snsapi_userinfo',
      redirect_uri: 'https://h5.example.com/cb?x=回调',
      created_at: now,
      expires_at: now + 300_000,
      used_at: null,
    })
    .execute();
  await ctx.db
    .insertInto('oauth_grants')
    .values({
      id: 'oag_backup_1',
      account_id: accountId,
      follower_id: follower.id,
      scope: 'snsapi_base',
      access_token_hash: 'a'.repeat(64),
      access_token: '12_backupaccess',
      access_expires_at: now + 7_200_000,
      refresh_token_hash: 'r'.repeat(64),
      refresh_expires_at: now + 2_592_000_000,
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('jsapi_tickets')
    .values({
      ticket: 'ticket-backup-1',
      account_id: accountId,
      type: 'jsapi',
      created_at: now,
      expires_at: now + 7_200_000,
    })
    .execute();
}

async function seedContentTables(ctx: AppContext, follower: FollowersTable) {
  const accountId = follower.account_id;
  const now = ctx.clock.now();
  const fields = {
    article_type: 'news',
    title: '备份文章',
    author: '作者',
    digest: '摘要',
    content: '<p>正文 ✓</p>',
    content_source_url: '',
    thumb_media_id: 'thumb_backup_1',
    show_cover_pic: 1,
    need_open_comment: 1,
    only_fans_can_comment: 0,
    pic_crop_235_1: '0_0_1_0.425532',
    pic_crop_1_1: '',
    image_info: null,
  };
  await ctx.db
    .insertInto('drafts')
    .values({ media_id: 'draft_backup_1', account_id: accountId, created_at: now, updated_at: now })
    .execute();
  await ctx.db
    .insertInto('draft_articles')
    .values({ media_id: 'draft_backup_1', idx: 0, ...fields })
    .execute();
  await ctx.db
    .insertInto('publications')
    .values({
      id: 'pub_backup_1',
      account_id: accountId,
      publish_id: 2247483647001,
      draft_media_id: 'draft_backup_1',
      articles: JSON.stringify([fields]),
      publish_status: 0,
      fail_idx: null,
      article_id: 'art_backup_1',
      msg_data_id: 2247483648001,
      scheduled_at: null,
      job_id: null,
      finish_delivery_id: null,
      created_at: now,
      finished_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('articles')
    .values({
      id: 'article_backup_1',
      account_id: accountId,
      source: 'publish',
      msg_data_id: 2247483648001,
      idx: 0,
      article_id: 'art_backup_1',
      publication_id: 'pub_backup_1',
      mass_send_id: null,
      ...fields,
      read_count: 3,
      published_at: now,
      deleted_at: null,
    })
    .execute();
  await ctx.db
    .insertInto('article_comments')
    .values({
      id: 'comment_backup_1',
      article_ref: 'article_backup_1',
      user_comment_id: 1,
      user_id: follower.user_id,
      openid: follower.openid,
      content: '好文 👍',
      comment_type: 1,
      reply_content: '谢谢',
      reply_created_at: now,
      deleted_by: null,
      created_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('article_reactions')
    .values({ article_ref: 'article_backup_1', user_id: follower.user_id, kind: 'like', created_at: now })
    .execute();
  const account = await ctx.db
    .selectFrom('accounts')
    .select('organization_id')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('sensitive_words')
    .values({ id: 'sw_backup_1', organization_id: account.organization_id, word: '违禁词', created_at: now })
    .execute();
  await ctx.db
    .insertInto('conversation_reads')
    .values({ user_id: follower.user_id, account_id: accountId, read_up_to: now, updated_at: now })
    .execute();
}

async function seedConsoleTables(ctx: AppContext, follower: FollowersTable) {
  const now = ctx.clock.now();
  const account = await ctx.db
    .selectFrom('accounts')
    .select(['id', 'organization_id'])
    .where('id', '=', follower.account_id)
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('console_users')
    .values({
      id: 'cu_backup_1',
      username: '运营小王',
      display_name: 'Wang 王',
      password_hash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
      disabled: 0,
      failed_attempts: 2,
      locked_until: null,
      last_sign_in_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('console_grants')
    .values([
      {
        id: 'cg_backup_1',
        user_id: 'cu_backup_1',
        organization_id: account.organization_id,
        account_id: null,
        role: 'operator',
        created_at: now,
      },
      {
        id: 'cg_backup_2',
        user_id: 'cu_backup_1',
        organization_id: account.organization_id,
        account_id: account.id,
        role: 'customer_service',
        created_at: now,
      },
    ])
    .execute();
  await ctx.db
    .insertInto('console_sessions')
    .values({
      id: 'cs_backup_1',
      user_id: 'cu_backup_1',
      token_hash: 'a'.repeat(64),
      csrf_token: 'csrf-backup',
      created_at: now,
      last_seen_at: now,
      expires_at: now + 3_600_000,
    })
    .execute();
}
