/** AccountFollowerView on the server (modules/followers/account-followers.ts). */
export interface Follower {
  openid: string;
  user_id: string;
  nickname: string;
  avatar_url: string;
  subscribed: boolean;
  subscribe_time: number | null;
  subscribe_scene: string;
  remark: string;
  blacklisted: boolean;
  tag_ids: number[];
  window_expires_at: number | null;
  window_remaining: number;
}

export interface TagView {
  id: number;
  name: string;
  count: number;
}
