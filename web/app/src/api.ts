// The follower API as the client uses it. The browser holds only the device
// session cookie (HttpOnly, set by POST /gz/v1/app/session): never an admin key.

export interface User {
  id: string;
  nickname: string;
  avatar_url: string;
  sex: number;
  country: string;
  province: string;
  city: string;
  language: string;
  wechat_id: string | null;
  client_platform: string;
  created_at: number;
}

export interface DeviceSession {
  device_id: string;
  sandbox: boolean;
  users: User[];
}

export type AccountType = 'service' | 'subscription';

export interface PublicAccount {
  appid: string;
  original_id: string;
  /** WeChat id (微信号), when the account has one. */
  alias: string | null;
  name: string;
  description: string;
  avatar_url: string;
  type: AccountType;
  verified: boolean;
  following?: boolean;
  location_report?: number;
  recent_articles?: {
    id: string;
    title: string;
    digest: string;
    cover_url: string | null;
    read_count: number;
    published_at: number;
  }[];
}

export interface Follow {
  appid: string;
  account_name: string;
  account_type: AccountType;
  openid: string;
  subscribed: boolean;
  /** Messages from the account newer than the user's read mark (kept on the server). */
  unread_count: number;
  /** created_at of the newest message the user has seen here (0: never opened). */
  read_up_to: number;
}

export interface NewsArticle {
  title: string;
  description: string;
  url: string;
  picurl: string;
}

export interface NotificationCard {
  template_id: string;
  title: string;
  url: string;
  miniprogram: { appid: string; pagepath: string } | null;
  rendered: { text: string; color?: string }[];
}

/** A conversation message: custom-send JSON (`msgtype` + an object named after it). */
export interface Message {
  id: string;
  appid: string;
  openid: string;
  direction: 'in' | 'out';
  source: string;
  msgtype: string;
  msg_id: string | null;
  delivery_id: string | null;
  kf_account: string | null;
  created_at: number;
  account_name?: string;
  text?: { content: string; bizmsgmenuid?: string };
  image?: { media_id: string };
  voice?: { media_id: string; recognition?: string };
  video?: { media_id: string; title?: string; description?: string; thumb_media_id?: string };
  shortvideo?: { media_id: string; thumb_media_id: string };
  music?: {
    title?: string;
    description?: string;
    musicurl?: string;
    hqmusicurl?: string;
    thumb_media_id?: string;
  };
  news?: { articles: NewsArticle[] };
  notice?: { content: string };
  template?: NotificationCard;
  subscribe_notification?: NotificationCard;
  /** Mass-sent articles: the cards followers get, each linking to the article page. */
  mpnews?: {
    media_id: string;
    article_count?: number;
    articles?: { title: string; author?: string; digest?: string; thumb_url?: string; url: string }[];
  };
  mpvideo?: { media_id: string; title?: string; description?: string; video_url?: string };
  images?: { media_ids: string[]; recommend?: string };
  mpnewsarticle?: { article_id: string };
  msgmenu?: { head_content: string; list: { id: string; content: string }[]; tail_content: string };
  wxcard?: { card_id: string };
  miniprogrampage?: { title: string; appid: string; pagepath: string; thumb_media_id: string };
  link?: { title: string; description: string; url: string; thumb_url?: string };
  location?: { latitude: number; longitude: number; scale: number; label: string };
}

export interface MenuButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  path: number[];
  sub_button?: MenuButton[];
}

export interface VisibleMenu {
  menuid: number | null;
  button: MenuButton[];
}

export interface DispatchResult {
  message: Message | null;
  replies: Message[];
  delivery: { id: string } | null;
}

export interface FollowResult {
  follower: Follow;
  event: string | null;
  result: DispatchResult | null;
}

export interface DeliveryAttempt {
  attempt: number;
  outcome: string;
  status_code: number | null;
  request_body?: string;
  response_body?: string | null;
}

export interface Delivery {
  id: string;
  appid: string;
  url: string;
  outcome: string;
  request_xml: string;
  reply_xml: string | null;
  error: string | null;
  attempts?: DeliveryAttempt[];
}

export interface ReaderComment {
  user_comment_id: number;
  nickname: string;
  content: string;
  create_time: number;
  elected: boolean;
  mine: boolean;
  reply: { content: string; create_time: number } | null;
}

/** An article as the reader sees it (`GET /gz/v1/users/:id/articles/:article_id`). */
export interface ReaderArticle {
  id: string;
  appid: string;
  account_name: string;
  title: string;
  deleted?: boolean;
  author: string;
  digest: string;
  url: string;
  cover_url: string | null;
  content: string;
  show_cover_pic: number;
  published_at: number;
  read_count: number;
  like_count: number;
  wow_count: number;
  share_count: number;
  comment_count: number;
  liked: boolean;
  wowed: boolean;
  can_comment: boolean;
  comments: ReaderComment[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, raw?: Blob | FormData): Promise<T> {
  const headers: Record<string, string> = {};
  let payload: BodyInit | undefined;
  if (raw) {
    payload = raw;
    if (raw instanceof Blob && raw.type) headers['content-type'] = raw.type;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`/gz/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = (json ?? {}) as { code?: string; message?: string };
    throw new ApiError(res.status, err.code ?? 'ERROR', err.message ?? res.statusText);
  }
  return json as T;
}

const u = (userId: string) => `/users/${encodeURIComponent(userId)}`;
const ua = (userId: string, appid: string) => `${u(userId)}/accounts/${encodeURIComponent(appid)}`;

export const api = {
  startSession: () => call<DeviceSession>('POST', '/app/session'),
  createUser: (profile: Partial<User>) => call<DeviceSession>('POST', '/app/session/users', profile),
  pickUser: (userId: string) => call<DeviceSession>('PUT', `/app/session/users/${userId}`),
  forgetUser: (userId: string) => call<DeviceSession>('DELETE', `/app/session/users/${userId}`),
  listUsers: (q: string) => call<{ items: User[] }>('GET', `/users?limit=50&q=${encodeURIComponent(q)}`),
  updateUser: (userId: string, profile: Partial<User>) => call<User>('PATCH', u(userId), profile),
  searchAccounts: (q: string) =>
    call<{ items: PublicAccount[] }>('GET', `/app/accounts?q=${encodeURIComponent(q)}`),
  account: (appid: string, userId: string) =>
    call<PublicAccount>(
      'GET',
      `/app/accounts/${encodeURIComponent(appid)}?user_id=${encodeURIComponent(userId)}`,
    ),
  follows: (userId: string) => call<{ items: Follow[] }>('GET', `${u(userId)}/follows`),
  follow: (userId: string, appid: string) =>
    call<FollowResult>('PUT', `${u(userId)}/follows/${encodeURIComponent(appid)}`, {}),
  unfollow: (userId: string, appid: string) =>
    call<unknown>('DELETE', `${u(userId)}/follows/${encodeURIComponent(appid)}`),
  /** The conversation is open: the server's read mark moves to its newest message. */
  markRead: (userId: string, appid: string) =>
    call<{ appid: string; read_up_to: number; unread_count: number }>('PUT', `${ua(userId, appid)}/read`),
  conversation: (userId: string, appid: string, limit = 50) =>
    call<{ items: Message[] }>('GET', `${ua(userId, appid)}/messages?limit=${limit}`),
  send: (userId: string, appid: string, message: object) =>
    call<DispatchResult>('POST', `${ua(userId, appid)}/messages`, message),
  reportLocation: (
    userId: string,
    appid: string,
    location: { latitude: number; longitude: number; precision: number },
  ) => call<DispatchResult>('POST', `${ua(userId, appid)}/location`, location),
  menu: (userId: string, appid: string) => call<VisibleMenu>('GET', `${ua(userId, appid)}/menu`),
  press: (userId: string, appid: string, press: object) =>
    call<DispatchResult>('POST', `${ua(userId, appid)}/menu-events`, press),
  upload: (userId: string, appid: string, type: 'image' | 'voice' | 'video' | 'thumb', file: File) => {
    const form = new FormData();
    form.append('media', file, file.name);
    return call<{ media_id: string; url?: string }>(
      'POST',
      `${ua(userId, appid)}/media?type=${type}&filename=${encodeURIComponent(file.name)}`,
      undefined,
      form,
    );
  },
  notifications: (userId: string) => call<{ items: Message[] }>('GET', `${u(userId)}/notifications?limit=50`),
  scan: (userId: string, input: { ticket?: string; url?: string } | Blob) =>
    input instanceof Blob
      ? call<FollowResult & { qrcode?: { appid?: string } }>('POST', `${u(userId)}/scans`, undefined, input)
      : call<FollowResult & { qrcode?: { appid?: string } }>('POST', `${u(userId)}/scans`, input),
  article: (userId: string, articleId: string) =>
    call<ReaderArticle>('GET', `${u(userId)}/articles/${articleId}`),
  readArticle: (userId: string, articleId: string, source: string) =>
    call<ReaderArticle>('POST', `${u(userId)}/articles/${articleId}/read`, { source }),
  reactToArticle: (userId: string, articleId: string, kind: 'like' | 'wow', on: boolean, source: string) =>
    call<ReaderArticle>(
      on ? 'POST' : 'DELETE',
      `${u(userId)}/articles/${articleId}/${kind}`,
      on ? { source } : undefined,
    ),
  shareArticle: (userId: string, articleId: string, to: 'friend' | 'moments', source: string) =>
    call<ReaderArticle>('POST', `${u(userId)}/articles/${articleId}/share`, { to, source }),
  commentOnArticle: (userId: string, articleId: string, content: string, source: string) =>
    call<ReaderComment>('POST', `${u(userId)}/articles/${articleId}/comments`, { content, source }),
  deleteArticleComment: (userId: string, articleId: string, commentId: number) =>
    call<null>('DELETE', `${u(userId)}/articles/${articleId}/comments/${commentId}`),
  delivery: (userId: string, deliveryId: string) =>
    call<Delivery>(
      'GET',
      `/app/users/${encodeURIComponent(userId)}/deliveries/${encodeURIComponent(deliveryId)}`,
    ),
};

export const deliveryUrl = (userId: string, deliveryId: string) =>
  `/gz/v1/app/users/${encodeURIComponent(userId)}/deliveries/${encodeURIComponent(deliveryId)}`;

/** The reader's route for an article page URL of this platform (`…/s/<id>`), or null for any other page. */
export function articleRoute(url: string, source: string): string | null {
  try {
    const parsed = new URL(url, location.href);
    const match = /^\/s\/([A-Za-z0-9_-]+)$/.exec(parsed.pathname);
    if (parsed.origin !== location.origin || !match) return null;
    return `/article/${match[1]}?source=${source}`;
  } catch {
    return null;
  }
}

export const mediaUrl = (mediaId: string) => `/mmbiz/${encodeURIComponent(mediaId)}`;
