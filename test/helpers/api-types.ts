/** Response shapes of our own API, as tests read them. */

export interface MessageBody {
  id: string;
  appid: string;
  openid: string;
  direction: 'in' | 'out';
  source: string;
  msgtype: string;
  msg_id: string | null;
  delivery_id: string | null;
  created_at: number;
  [content: string]: unknown;
}

export interface AttemptBody {
  attempt: number;
  outcome: string;
  error: string | null;
  duration_ms: number;
  request: { method: string; url: string; body: string };
  response: { status: number; headers: Record<string, string>; body: string | null } | null;
}

export interface DeliveryBody {
  id: string;
  appid: string;
  openid: string;
  msg_type: string;
  event: string | null;
  dedupe_key: string;
  message_id: string | null;
  url: string;
  message_mode: string;
  outcome: string;
  error: string | null;
  request_xml: string;
  reply_xml: string | null;
  attempt_count: number;
  replay_of: string | null;
  attempts?: AttemptBody[];
}

export interface DispatchBody {
  message: MessageBody | null;
  delivery: DeliveryBody | null;
  replies: MessageBody[];
  auto_reply: { rule: { id: string; rule_name: string } | null; reason: string } | null;
  /** Present when the account has blacklisted the follower. */
  blocked?: 'blacklisted';
}

export interface FollowerBody {
  appid: string;
  user_id: string;
  openid: string;
  unionid: string | null;
  subscribed: boolean;
  subscribe_time: number | null;
  subscribe_scene: string;
  qr_scene: number | null;
  qr_scene_str: string | null;
}

export interface FollowBody {
  follower: FollowerBody;
  event: 'subscribe' | 'SCAN' | null;
  result: DispatchBody | null;
}

export interface PageBody<T> {
  items: T[];
  next_cursor: string | null;
}
