/**
 * The part of node-webot/wechat-oauth 1.5 (untyped, CommonJS, callback
 * style) the web authorization tests drive; shapes read from
 * node_modules/wechat-oauth/lib/oauth.js.
 */
declare module 'wechat-oauth' {
  namespace OAuth {
    /** What the token calls yield: the server's answer plus create_at (client ms). */
    interface AccessTokenData {
      access_token: string;
      expires_in: number;
      refresh_token: string;
      openid: string;
      scope: string;
      unionid?: string;
      create_at: number;
    }
    interface AccessToken {
      data: AccessTokenData;
      isValid(): boolean;
    }
    /** `wrapper()` turns a truthy errcode into this error (name WeChatAPIError, code = errcode). */
    interface OAuthError extends Error {
      code?: number;
    }
    type Callback<T> = (err: OAuthError | null, result: T) => void;
    type RequestCallback = (err: Error | null, data: unknown, res: unknown) => void;
  }
  class OAuth {
    constructor(appid: string, appsecret: string);
    appid: string;
    /** Every HTTP call goes through here (urllib.request); URLs are hard-coded api.weixin.qq.com. */
    request(url: string, opts: Record<string, unknown>, callback: OAuth.RequestCallback): void;
    /** https://open.weixin.qq.com/connect/oauth2/authorize?…#wechat_redirect */
    getAuthorizeURL(redirect: string, state: string, scope: string): string;
    getAccessToken(code: string, callback: OAuth.Callback<OAuth.AccessToken>): void;
    refreshAccessToken(refreshToken: string, callback: OAuth.Callback<OAuth.AccessToken>): void;
    getUser(
      options: { openid: string; lang?: string },
      callback: OAuth.Callback<Record<string, unknown>>,
    ): void;
    getUserByCode(
      options: { code: string; lang?: string },
      callback: OAuth.Callback<Record<string, unknown>>,
    ): void;
    verifyToken(
      openid: string,
      accessToken: string,
      callback: OAuth.Callback<{ errcode: number; errmsg: string }>,
    ): void;
  }
  export = OAuth;
}
