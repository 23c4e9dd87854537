import type { Generated, Kysely } from 'kysely';

/**
 * Kysely table types. Times are epoch milliseconds in `bigint` columns
 * (pg's int8 parser is set to Number, safe below 2^53); flags are 0/1
 * integers because SQLite has no boolean type; JSON lives in text columns.
 */
export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: number;
}

export type AccountType = 'subscription' | 'service';
export type MessageMode = 'plaintext' | 'compatible' | 'safe';

export interface AccountsTable {
  id: string;
  organization_id: string;
  appid: string;
  original_id: string;
  type: AccountType;
  verified: number;
  name: string;
  description: string;
  avatar_url: string;
  appsecret: string;
  server_url: string | null;
  server_token: string | null;
  encoding_aes_key: string | null;
  message_mode: MessageMode;
  server_enabled: number;
  /** JSON array of IPv4/IPv6 addresses or CIDR ranges; empty means no restriction. */
  ip_whitelist: string;
  /** LOCATION event reporting: 0 off, 1 on entering the conversation, 2 every 5 seconds. */
  location_report: number;
  /** WeChat id (微信号) followers can search by; unique without case. Optional for rows built before it. */
  alias?: string | null;
  /** Highest tag id ever given out (tag ids are never reused); starts at 99. */
  last_tag_id: number;
  created_at: number;
  updated_at: number;
}

export type TokenKind = 'basic' | 'stable';

export interface AccessTokensTable {
  /** sha256 of the token: a leaked database does not leak usable tokens. */
  token_hash: string;
  account_id: string;
  kind: TokenKind;
  /** 1 when issued by stable_token with force_refresh (counted against the daily 20). */
  forced: number;
  /**
   * The token itself, kept only for stable tokens: stable_token hands the same
   * token back while it is valid. Basic tokens are stored as hashes alone.
   */
  token_value: string | null;
  created_at: number;
  expires_at: number;
}

export interface ApiQuotaUsageTable {
  account_id: string;
  cgi_path: string;
  /** YYYY-MM-DD in Beijing time, when WeChat resets daily quotas. */
  day: string;
  used: number;
}

export interface QuotaClearsTable {
  account_id: string;
  /** YYYY-MM in Beijing time. */
  month: string;
  count: number;
}

/**
 * One Open API call of an account (the developer tools' call log): every
 * call, success or not, capped per account at apiCallLogLimit rows.
 */
export interface ApiCallLogTable {
  id: string;
  account_id: string;
  method: string;
  /** The WeChat path called, without the query (no access_token). */
  endpoint: string;
  /** 0 on success, else the errcode answered. */
  errcode: number;
  latency_ms: number;
  created_at: number;
}

export interface ApiRequestLogTable {
  rid: string;
  account_id: string | null;
  invoke_time: number;
  cost_in_ms: number;
  request_url: string;
  request_body: string;
  response_body: string;
  client_ip: string;
  created_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobsTable {
  id: string;
  name: string;
  version: number;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  dedupe_key: string | null;
  progress: string | null;
  result: string | null;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  nickname: string;
  avatar_url: string;
  sex: number;
  country: string;
  province: string;
  city: string;
  language: string;
  wechat_id: string | null;
  /** ios | android | others: what conditional menus' client_platform_type matches. */
  client_platform: ClientPlatform;
  created_at: number;
}

export type ClientPlatform = 'ios' | 'android' | 'others';

export interface FollowersTable {
  id: string;
  account_id: string;
  user_id: string;
  openid: string;
  subscribed: number;
  subscribe_time: number | null;
  unsubscribe_time: number | null;
  subscribe_scene: string;
  remark: string;
  /** Scene of the parametric QR code the follower last followed through (int or string scene). */
  qr_scene: number | null;
  qr_scene_str: string | null;
  /** 1 while the account has blacklisted this follower (their messages reach no one). */
  blacklisted: number;
  /** End of the customer-service window (epoch ms); null before any interaction. */
  window_expires_at: number | null;
  /** Messages message/custom/send may still send in the window. */
  window_remaining: number;
  /** The follower's last message, follow, scan or menu press (typing needs one within 30 s). */
  last_interaction_at: number | null;
  /** Until when the "typing…" indicator shows (message/custom/typing). */
  typing_until: number | null;
  /** 1 when the follower turned off this account's template messages ("拒收消息"). */
  notifications_blocked: number;
  created_at: number;
}

export interface UnionidsTable {
  organization_id: string;
  user_id: string;
  unionid: string;
  created_at: number;
}

export type MessageDirection = 'in' | 'out';
/**
 * Where a conversation message came from: the follower, a passive reply of
 * the developer server, an auto-reply rule, or the platform's own notice.
 */
export type MessageSource =
  | 'follower'
  | 'passive_reply'
  | 'auto_reply'
  | 'system_notice'
  /** A mass send (message/mass/sendall, send or preview) in the follower's inbox. */
  | 'mass_send'
  /** message/custom/send, or an agent replying through our API. */
  | 'customer_service'
  /** message/template/send and subscribe/bizsend: the service-notifications feed. */
  | 'notification';

export interface MessagesTable {
  id: string;
  account_id: string;
  follower_id: string;
  user_id: string;
  direction: MessageDirection;
  /** text, image, voice, video, shortvideo, location, link, music, news, … */
  msg_type: string;
  /** WeChat's 64-bit MsgId as a decimal string (above 2^53, so never a JS number). */
  msg_id: string | null;
  /** JSON: the message body in the custom-send shape, e.g. {"content": "hi"}. */
  content: string;
  source: MessageSource;
  delivery_id: string | null;
  /**
   * The kf account (`prefix@wxid`) that sent a customer-service message, when
   * one did. Optional so rows built before kf accounts existed still type-check.
   */
  kf_account?: string | null;
  created_at: number;
}

/**
 * How a push ended: replied (a passive reply reached the follower), no_reply
 * ("" or success), failed (the follower saw the service notice), transferred
 * (to customer service), pending while tries are under way.
 */
export type DeliveryOutcome = 'pending' | 'replied' | 'no_reply' | 'failed' | 'transferred';

export interface DeliveriesTable {
  id: string;
  account_id: string;
  follower_id: string | null;
  openid: string;
  msg_type: string;
  event: string | null;
  /** MsgId for messages, FromUserName + CreateTime for events: identical on every try. */
  dedupe_key: string;
  /** The follower's message that caused the push, when it was a message. */
  message_id: string | null;
  url: string;
  message_mode: MessageMode;
  /** The plaintext push XML (before encryption). */
  request_xml: string;
  outcome: DeliveryOutcome;
  error: string | null;
  /** The plaintext reply XML that was accepted or refused (after decryption). */
  reply_xml: string | null;
  attempt_count: number;
  /** The delivery this one replays, when an operator replayed it. */
  replay_of: string | null;
  created_at: number;
  finished_at: number | null;
}

export type AttemptOutcome =
  'reply' | 'empty' | 'timeout' | 'network_error' | 'http_error' | 'too_large' | 'bad_reply' | 'blocked';

export interface DeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  /** The URL with its signed query string. */
  request_url: string;
  /** The body exactly as sent (encrypted in safe mode). */
  request_body: string;
  response_status: number | null;
  /** JSON object of the response headers. */
  response_headers: string | null;
  /** The response body as received, cut at the response cap. */
  response_body: string | null;
  duration_ms: number;
  outcome: AttemptOutcome;
  error: string | null;
  started_at: number;
}

export interface EventLogTable {
  /** Monotonic position: analytics reads "everything after seq N". */
  seq: Generated<number>;
  account_id: string;
  user_id: string;
  openid: string;
  /** follow, unfollow, scan, message, location, menu (see docs/event-log.md). */
  type: string;
  /** JSON with the type's fields. */
  detail: string;
  created_at: number;
}

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';
/**
 * follower: uploaded by a simulated follower with a message; temporary (media/upload) and
 * permanent (add_material): by the account; article_image: media/uploadimg (permanent, no quota, not listed).
 */
export type MediaOrigin = 'follower' | 'temporary' | 'permanent' | 'article_image';

export interface MediaTable {
  media_id: string;
  account_id: string;
  type: MediaType;
  origin: MediaOrigin;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  /** Key in the media store (modules/media/media-store.ts). */
  storage_key: string;
  width: number | null;
  height: number | null;
  created_at: number;
  /** Temporary media expire after 3 days (40007 afterwards); null for permanent. */
  expires_at: number | null;
  /** Video materials: the `description` title given at add_material; null otherwise. */
  title: string | null;
  /** Video materials: the `description` introduction; null otherwise. */
  introduction: string | null;
}

/** A news material (legacy add_news): its articles are material_news_articles rows. */
export interface MaterialNewsTable {
  /** Shares the media id space: get_material/del_material take either kind. */
  media_id: string;
  account_id: string;
  created_at: number;
  updated_at: number;
}

/** One article of a news material, at 0-based `idx` (update_news's index). */
export interface MaterialNewsArticlesTable {
  media_id: string;
  idx: number;
  title: string;
  /** A permanent image (or thumb) material of the same account: the cover. */
  thumb_media_id: string;
  author: string;
  digest: string;
  /** HTML as given (sanitised where it is rendered). */
  content: string;
  content_source_url: string;
  show_cover_pic: number;
  need_open_comment: number;
  only_fans_can_comment: number;
}

export interface AutoreplySettingsTable {
  account_id: string;
  autoreply_open: number;
  follow_reply_open: number;
  /** JSON reply (one of the reply shapes), or null for none. */
  follow_reply: string | null;
  default_reply_open: number;
  default_reply: string | null;
  updated_at: number;
}

export interface AutoreplyRulesTable {
  id: string;
  account_id: string;
  rule_name: string;
  /** JSON array of {match_mode: 'equal' | 'contain', content}. */
  keywords: string;
  /** JSON array of replies. */
  replies: string;
  reply_mode: 'reply_all' | 'random_one';
  position: number;
  created_at: number;
  updated_at: number;
}

/** An account's own tag (ids from 100; 0–2 are WeChat's system tags and not stored). */
export interface TagsTable {
  account_id: string;
  id: number;
  name: string;
  created_at: number;
}

/** A follower's tag; openid is copied from the follower so tag members page by openid. */
export interface FollowerTagsTable {
  account_id: string;
  tag_id: number;
  follower_id: string;
  openid: string;
  created_at: number;
}

export type MenuKind = 'default' | 'conditional';

/** A custom menu: the default one or a conditional one (with matchrule). */
export interface MenusTable {
  id: string;
  account_id: string;
  /** WeChat's numeric menuid (emitted as a number). */
  menuid: number;
  kind: MenuKind;
  /** JSON: the `button` array as accepted by menu/create. */
  buttons: string;
  /** JSON: the matchrule of a conditional menu; null for the default menu. */
  matchrule: string | null;
  created_at: number;
}

export type QrActionName = 'QR_SCENE' | 'QR_STR_SCENE' | 'QR_LIMIT_SCENE' | 'QR_LIMIT_STR_SCENE';

/** A parametric QR code (temporary when expires_at is set) and its scan counts. */
export interface QrCodesTable {
  ticket: string;
  account_id: string;
  action_name: QrActionName;
  scene_id: number | null;
  scene_str: string | null;
  expire_seconds: number | null;
  expires_at: number | null;
  /** The content the QR image encodes (WeChat's http://weixin.qq.com/q/... form). */
  url: string;
  scan_count: Generated<number>;
  subscribe_count: Generated<number>;
  created_at: number;
}

/** shorten/gen: a 15-character base62 key for up to 4 KB of data. */
export interface ShortKeysTable {
  short_key: string;
  account_id: string;
  long_data: string;
  created_at: number;
  expires_at: number;
}

/** An account's two industries (template messages); changeable once a month. */
export interface AccountIndustriesTable {
  account_id: string;
  primary_industry_id: number;
  secondary_industry_id: number;
  updated_at: number;
}

/** A template the account added from the platform library (api_add_template). */
export interface PrivateTemplatesTable {
  template_id: string;
  account_id: string;
  short_id: string;
  title: string;
  primary_industry: string;
  deputy_industry: string;
  content: string;
  example: string;
  created_at: number;
}

/** One message/template/send: its msgid, outcome and client_msg_id. */
export interface TemplateSendsTable {
  msgid: number;
  account_id: string;
  follower_id: string;
  template_id: string;
  client_msg_id: string | null;
  /** pending, then success | failed:user block (WeChat's TEMPLATESENDJOBFINISH statuses). */
  status: string;
  message_id: string | null;
  created_at: number;
}

/** A subscribe-notification template the account chose (newtmpl/addtemplate). */
export interface SubscribeTemplatesTable {
  pri_tmpl_id: string;
  account_id: string;
  tid: string;
  title: string;
  /** 2 one-time, 3 long-term. */
  type: number;
  content: string;
  example: string;
  /** JSON array of the chosen keyword ids. */
  kid_list: string;
  scene_desc: string;
  created_at: number;
}

/** A follower's latest decision on one subscribe-notification template. */
export interface NotificationSubscriptionsTable {
  follower_id: string;
  pri_tmpl_id: string;
  account_id: string;
  status: 'accept' | 'reject';
  /** One-time templates: sends the accepts still allow. */
  remaining: number;
  updated_at: number;
}

/** Sent invitations of a kf account; an accepted one binds the user and clears the invite. */
export type KfInviteStatus = 'waiting' | 'rejected' | 'expired';

/** A customer-service agent account (spec §7.3). */
export interface KfAccountsTable {
  id: string;
  account_id: string;
  /** WeChat's agent number, per account from 1001. */
  kf_id: number;
  /** `prefix@wxid`. */
  kf_account: string;
  nickname: string;
  /** The head image (a media row of origin article_image: permanent, served by URL). */
  headimg_media_id: string | null;
  /** The bound WeChat user (kf_wx is their wechat_id); null until an invitation is accepted. */
  user_id: string | null;
  invite_user_id: string | null;
  invite_wx: string | null;
  invite_expires_at: number | null;
  /** waiting until the user answers or 7 days pass (read as expired then); rejected. */
  invite_status: KfInviteStatus | null;
  /** 0 offline; 1 web, 2 mobile, 3 both (getonlinekflist's status). */
  online_status: number;
  created_at: number;
  updated_at: number;
}

/** waiting: in the queue (kf_account set when it waits for one agent); active: served; closed. */
export type KfSessionStatus = 'waiting' | 'active' | 'closed';

/** A follower's session with customer service (spec §7.4), from the waiting queue to closing. */
export interface KfSessionsTable {
  id: string;
  account_id: string;
  follower_id: string;
  openid: string;
  kf_account: string | null;
  status: KfSessionStatus;
  /** The follower while the session is open, NULL once closed: one open session per follower. */
  open_follower_id: string | null;
  created_at: number;
  accepted_at: number | null;
  closed_at: number | null;
  /**
   * Latest activity: the follower's latest message while waiting (getwaitcase's
   * latest_time); once active also the agent's start and replies. Forwarding
   * to the agent lapses 30 minutes after it.
   */
  latest_time: number;
}

/** One line of the chat record (msgrecord/getmsglist, spec §7.5). */
export interface KfRecordsTable {
  /** The paging cursor, increasing. */
  msgid: Generated<number>;
  account_id: string;
  openid: string;
  /** 1000–1005 session operations, 2001–2003 messages. */
  opercode: number;
  text: string;
  /** The kf account, or "" when none was involved yet. */
  worker: string;
  created_at: number;
}

/** all: every follower; tag: one tag's followers; openids: a list (mass/send); preview: one follower. */
export type MassSendKind = 'all' | 'tag' | 'openids' | 'preview';
/**
 * queued until the fan-out job starts; sending while batches fill inboxes;
 * sent (SEND_SUCCESS), failed or cancelled (SEND_FAIL); deleted (DELETE).
 */
export type MassSendStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'deleted';

/** One mass send (sendall, send or preview) and its running counts. */
export interface MassSendsTable {
  id: string;
  account_id: string;
  /** WeChat's msg_id (below 2^53, emitted as a JSON number). */
  msg_id: number;
  /** mpnews and images only: the id of the articles/images sent. */
  msg_data_id: number | null;
  kind: MassSendKind;
  tag_id: number | null;
  /** JSON array of openids (openids), or the preview's openid. */
  touser: string | null;
  /** text, mpnews, voice, image, images (multi-image), mpvideo, wxcard. */
  msg_type: string;
  /** JSON: the type's object as the follower receives it. */
  content: string;
  clientmsgid: string | null;
  send_ignore_reprint: number;
  /** Speed level (0–4) when the send was made. */
  speed: number;
  status: MassSendStatus;
  /** Last openid fanned out to: the next batch starts after it. */
  cursor: string | null;
  batches: number;
  /** Subscribed followers targeted (MASSSENDJOBFINISH TotalCount). */
  total_count: number;
  /** Those left after the blacklist and monthly-cap filters (FilterCount). */
  filter_count: number;
  sent_count: number;
  error_count: number;
  /** JSON array of 1-based article indexes removed by mass/delete, when not all were. */
  deleted_articles: string | null;
  job_id: string | null;
  /** The MASSSENDJOBFINISH delivery, once pushed (or attempted). */
  finish_delivery_id: string | null;
  /** Beijing month (YYYY-MM) the send counts against followers' monthly cap. */
  month: string;
  /** A console send for later: when its fan-out starts (platform clock); null for send now. */
  scheduled_at: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

/** How many mass messages a follower received in `month` (service accounts: at most 4). */
export interface MassSendReceiptsTable {
  follower_id: string;
  month: string;
  received: number;
}

/** An account's mass/speed/set level (0–4); no row means the default. */
export interface MassSendSpeedsTable {
  account_id: string;
  speed: number;
  updated_at: number;
}

/** What media/uploadnews (news) and media/uploadvideo (video) made: usable as mpnews/mpvideo media_id. */
export type MassMediaType = 'news' | 'video';

/** A temporary news or video made for mass send (spec §12.3); expires like temporary media. */
export interface MassMediaTable {
  media_id: string;
  account_id: string;
  type: MassMediaType;
  /** news: JSON array of the 1–8 articles as uploaded (NewsArticle). */
  articles: string | null;
  /** video: the video media (media/upload or a video material) it wraps. */
  video_media_id: string | null;
  title: string | null;
  description: string | null;
  created_at: number;
  /** 3 days after upload, never later than the wrapped video. */
  expires_at: number;
}

/** An account's authorised domains: `oauth` (网页授权域名) or `js` (JS接口安全域名). */
export type WebDomainKind = 'oauth' | 'js';

export interface WebDomainsTable {
  account_id: string;
  kind: WebDomainKind;
  /** A host name, optionally with `:port`, lowercase. */
  domain: string;
  created_at: number;
}

export type OauthScope = 'snsapi_base' | 'snsapi_userinfo';

/** An OAuth2 code: single use, 5 minutes. */
export interface OauthCodesTable {
  /** sha256 of the code. */
  code_hash: string;
  account_id: string;
  follower_id: string;
  scope: OauthScope;
  redirect_uri: string;
  created_at: number;
  expires_at: number;
  /** Set when exchanged; a second exchange answers 40163. */
  used_at: number | null;
}

/** One web authorization: the user's access token (2 h, extended by refresh) and refresh token (30 days). */
export interface OauthGrantsTable {
  id: string;
  account_id: string;
  follower_id: string;
  scope: OauthScope;
  access_token_hash: string;
  /** Kept because a refresh while the token is valid hands the same token back (WeChat's rule). */
  access_token: string;
  access_expires_at: number;
  refresh_token_hash: string;
  refresh_expires_at: number;
  created_at: number;
}

export type TicketType = 'jsapi' | 'wx_card';

/** A JS-SDK ticket from getticket (2 h); expired ones stay for the wx.config explainer. */
export interface JsapiTicketsTable {
  ticket: string;
  account_id: string;
  type: TicketType;
  created_at: number;
  expires_at: number;
}

/** A draft (草稿): up to 8 articles under one media_id. */
export interface DraftsTable {
  media_id: string;
  account_id: string;
  created_at: number;
  updated_at: number;
}

/** The article fields a draft, a publication and a published article share (spec §13.1). */
export interface ArticleFields {
  /** 'news' (rich text) or 'newspic' (image post). */
  article_type: string;
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  /** A permanent image material of the account: the cover ('' for newspic without one). */
  thumb_media_id: string;
  show_cover_pic: number;
  need_open_comment: number;
  only_fans_can_comment: number;
  /** "X1_Y1_X2_Y2" normalised crop, or ''. */
  pic_crop_235_1: string;
  pic_crop_1_1: string;
  /** newspic only: JSON `{image_list: [{image_media_id}]}`. */
  image_info: string | null;
}

/** One article of a draft, at 0-based `idx` (draft/update's index). */
export interface DraftArticlesTable extends ArticleFields {
  media_id: string;
  idx: number;
}

/** freepublish/submit's publish_status values (spec §13.2). */
export type PublishStatus = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** One freepublish/submit (or scheduled publish), with its articles copied at submit time. */
export interface PublicationsTable {
  id: string;
  account_id: string;
  /** Emitted as a JSON number (spec §13.2). */
  publish_id: number;
  draft_media_id: string;
  /** JSON array of ArticleFields as submitted. */
  articles: string;
  publish_status: number;
  /** JSON array of 1-based article numbers that failed the check (statuses 2 and 4). */
  fail_idx: string | null;
  /** Set on success: the id getarticle/delete take. */
  article_id: string | null;
  msg_data_id: number | null;
  /** When a scheduled publication is due (platform clock); null for submit now. */
  scheduled_at: number | null;
  job_id: string | null;
  finish_delivery_id: string | null;
  created_at: number;
  finished_at: number | null;
}

/** Where a readable article came from. */
export type ArticleSource = 'publish' | 'mass_send';

/**
 * An article followers can open (a publication's or an mpnews mass send's),
 * addressed by (msg_data_id, idx) like WeChat's comment API. Content is
 * stored sanitised; the counters move with the reaction or event.
 */
export interface ArticlesTable extends ArticleFields {
  id: string;
  account_id: string;
  source: ArticleSource;
  msg_data_id: number;
  /** 0-based, as comment/* take it. */
  idx: number;
  /** The publication's article_id (publish only). */
  article_id: string | null;
  publication_id: string | null;
  mass_send_id: string | null;
  read_count: Generated<number>;
  like_count: Generated<number>;
  wow_count: Generated<number>;
  share_count: Generated<number>;
  comment_count: Generated<number>;
  published_at: number;
  /** freepublish/delete or mass/delete: the page then says the article was deleted. */
  deleted_at: number | null;
  /** Plain text of the sanitised content, for search (filled by recordArticles). */
  search_text: Generated<string>;
}

/** A follower's comment (留言) on an article. */
export interface ArticleCommentsTable {
  id: string;
  article_ref: string;
  /** 1, 2, 3 … per article (comment/* user_comment_id). */
  user_comment_id: number;
  user_id: string;
  /** The commenter's openid under the article's account. */
  openid: string;
  content: string;
  /** 0 normal, 1 elected (精选). */
  comment_type: Generated<number>;
  reply_content: string | null;
  reply_created_at: number | null;
  /** null, 'operator' (comment/delete) or 'user' (then comment/* answers 88004). */
  deleted_by: string | null;
  created_at: number;
}

/** A like (赞, kind 'like') or wow (在看, kind 'wow'), one of each per person per article. */
export interface ArticleReactionsTable {
  article_ref: string;
  user_id: string;
  kind: 'like' | 'wow';
  created_at: number;
}

/** A word the organisation's publish check refuses. */
export interface SensitiveWordsTable {
  id: string;
  organization_id: string;
  word: string;
  created_at: number;
}

/** Console role: what a grant lets its user do (modules/console/console-roles.ts). */
export type ConsoleRole = 'administrator' | 'operator' | 'analyst' | 'customer_service';

/** A person who signs in at /console. */
export interface ConsoleUsersTable {
  id: string;
  username: string;
  display_name: string;
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`. */
  password_hash: string;
  disabled: number;
  /** Failed sign-ins since the last success or lockout. */
  failed_attempts: number;
  /** Platform-clock ms until which sign-in is refused. */
  locked_until: number | null;
  last_sign_in_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One role for a console user: platform-wide (both ids NULL), on an organisation, or on one account. */
export interface ConsoleGrantsTable {
  id: string;
  user_id: string;
  organization_id: string | null;
  account_id: string | null;
  role: ConsoleRole;
  created_at: number;
}

/** A signed-in console session; the cookie holds the token, the row its sha256. */
export interface ConsoleSessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** How far a user has read a conversation with an account (unread badges). */
export interface ConversationReadsTable {
  user_id: string;
  account_id: string;
  /** created_at of the newest message of the conversation when the user last opened it. */
  read_up_to: number;
  updated_at: number;
}

export interface Database {
  conversation_reads: ConversationReadsTable;
  organizations: OrganizationsTable;
  accounts: AccountsTable;
  access_tokens: AccessTokensTable;
  api_quota_usage: ApiQuotaUsageTable;
  quota_clears: QuotaClearsTable;
  api_request_log: ApiRequestLogTable;
  api_call_log: ApiCallLogTable;
  settings: SettingsTable;
  jobs: JobsTable;
  users: UsersTable;
  followers: FollowersTable;
  unionids: UnionidsTable;
  messages: MessagesTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  event_log: EventLogTable;
  media: MediaTable;
  material_news: MaterialNewsTable;
  material_news_articles: MaterialNewsArticlesTable;
  autoreply_settings: AutoreplySettingsTable;
  autoreply_rules: AutoreplyRulesTable;
  tags: TagsTable;
  follower_tags: FollowerTagsTable;
  menus: MenusTable;
  qr_codes: QrCodesTable;
  short_keys: ShortKeysTable;
  account_industries: AccountIndustriesTable;
  private_templates: PrivateTemplatesTable;
  template_sends: TemplateSendsTable;
  subscribe_templates: SubscribeTemplatesTable;
  notification_subscriptions: NotificationSubscriptionsTable;
  kf_accounts: KfAccountsTable;
  kf_sessions: KfSessionsTable;
  kf_records: KfRecordsTable;
  mass_sends: MassSendsTable;
  mass_send_receipts: MassSendReceiptsTable;
  mass_send_speeds: MassSendSpeedsTable;
  mass_media: MassMediaTable;
  web_domains: WebDomainsTable;
  oauth_codes: OauthCodesTable;
  oauth_grants: OauthGrantsTable;
  jsapi_tickets: JsapiTicketsTable;
  drafts: DraftsTable;
  draft_articles: DraftArticlesTable;
  publications: PublicationsTable;
  articles: ArticlesTable;
  article_comments: ArticleCommentsTable;
  article_reactions: ArticleReactionsTable;
  sensitive_words: SensitiveWordsTable;
  console_users: ConsoleUsersTable;
  console_grants: ConsoleGrantsTable;
  console_sessions: ConsoleSessionsTable;
  /** Kysely's own bookkeeping, listed so backups can skip it by name. */
  kysely_migration: { name: string; timestamp: string };
  kysely_migration_lock: { id: string; is_locked: Generated<number> };
}

export type Db = Kysely<Database>;

/** Tables in foreign-key order: parents first. Backup/restore walks this list. */
export const DATA_TABLES = [
  'settings',
  'organizations',
  'accounts',
  'access_tokens',
  'api_quota_usage',
  'quota_clears',
  'api_request_log',
  'api_call_log',
  'jobs',
  'users',
  'followers',
  'unionids',
  'messages',
  'deliveries',
  'delivery_attempts',
  'event_log',
  'media',
  'material_news',
  'material_news_articles',
  'autoreply_settings',
  'autoreply_rules',
  'tags',
  'follower_tags',
  'menus',
  'qr_codes',
  'short_keys',
  'account_industries',
  'private_templates',
  'template_sends',
  'subscribe_templates',
  'notification_subscriptions',
  'kf_accounts',
  'kf_sessions',
  'kf_records',
  'mass_sends',
  'mass_send_receipts',
  'mass_send_speeds',
  'mass_media',
  'web_domains',
  'oauth_codes',
  'oauth_grants',
  'jsapi_tickets',
  'drafts',
  'draft_articles',
  'publications',
  'articles',
  'article_comments',
  'article_reactions',
  'sensitive_words',
  'console_users',
  'console_grants',
  'console_sessions',
  'conversation_reads',
] as const satisfies readonly (keyof Database)[];
