/**
 * The part of node-webot/wechat-api 1.35 (untyped, CommonJS, callback style)
 * the contract tests drive. Shapes read from node_modules/wechat-api/lib/*.js.
 */
declare module 'wechat-api' {
  namespace WechatAPI {
    /** What getAccessToken/getLatestToken yield and getToken/saveToken store. */
    interface AccessToken {
      accessToken: string;
      /** Epoch ms by the client's clock: now + (expires_in - 10) s. */
      expireTime: number;
      isValid(): boolean;
    }

    /** `wrapper()` turns a truthy `errcode` into this error (name WeChatAPIError, code = errcode). */
    interface WechatApiError extends Error {
      code?: number;
    }

    type Callback<T> = (err: WechatApiError | null, result: T, res?: unknown) => void;
    type GetToken = (callback: (err: Error | null, token?: AccessToken | null) => void) => void;
    type SaveToken = (token: AccessToken, callback: (err: Error | null) => void) => void;
    /** urllib 2 options as wechat-api builds them (dataType, type/method, data, headers). */
    type RequestOptions = Record<string, unknown> & { headers?: Record<string, string> };
    type RequestCallback = (err: Error | null, data: unknown, res: unknown) => void;
  }

  class WechatAPI {
    constructor(
      appid: string,
      appsecret: string,
      getToken?: WechatAPI.GetToken,
      saveToken?: WechatAPI.SaveToken,
    );
    appid: string;
    appsecret: string;
    /** Default https://api.weixin.qq.com; setEndpoint() forces https://, so assign it for plain http. */
    endpoint: string;
    mpPrefix: string;
    fileServerPrefix: string;
    /** The token the current call is using (set by preRequest). */
    token?: WechatAPI.AccessToken;

    /** Every HTTP call goes through here (urllib.request). */
    request(url: string, opts: WechatAPI.RequestOptions, callback: WechatAPI.RequestCallback): void;
    /** GET /cgi-bin/token with appid/secret; saves the token through saveToken. */
    getAccessToken(callback: WechatAPI.Callback<WechatAPI.AccessToken>): this;
    /** The stored token if the client thinks it valid, else getAccessToken. */
    getLatestToken(callback: WechatAPI.Callback<WechatAPI.AccessToken>): void;
    /** GET /cgi-bin/getcallbackip. */
    getIp(callback: WechatAPI.Callback<{ ip_list: string[] }>): void;
    /** POST /cgi-bin/clear_quota with `{appid}`. */
    clearQuota(appid: string, callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>): void;
    /** GET /cgi-bin/user/get?next_openid= */
    getFollowers(
      nextOpenid: string,
      callback: WechatAPI.Callback<{
        total: number;
        count: number;
        data?: { openid: string[] };
        next_openid: string;
      }>,
    ): void;
    /** GET /cgi-bin/user/info (an openid alone means lang=en). */
    getUser(
      options: string | { openid: string; lang?: string },
      callback: WechatAPI.Callback<Record<string, unknown>>,
    ): void;
    /** POST /cgi-bin/user/info/batchget with `{user_list: [{openid, lang: 'zh_CN'}]}`. */
    batchGetUsers(
      openids: string[],
      callback: WechatAPI.Callback<{ user_info_list: Record<string, unknown>[] }>,
    ): void;
    /** POST /cgi-bin/user/info/updateremark. */
    updateRemark(
      openid: string,
      remark: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;

    /** POST /cgi-bin/tags/create with `{tag: {name}}`. */
    createTag(name: string, callback: WechatAPI.Callback<{ tag: { id: number; name: string } }>): void;
    /** GET /cgi-bin/tags/get. */
    getTags(callback: WechatAPI.Callback<{ tags: { id: number; name: string; count: number }[] }>): void;
    /** POST /cgi-bin/tags/update with `{tag: {id, name}}`. */
    editTag(
      id: number,
      name: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /cgi-bin/tags/delete with `{tag: {id}}`. */
    deleteTag(id: number, callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>): void;
    /** POST /cgi-bin/user/tag/get with `{tagid, next_openid}`. */
    getTagUsers(
      tagId: number,
      openid: string,
      callback: WechatAPI.Callback<{ count: number; data?: { openid: string[] }; next_openid: string }>,
    ): void;
    /** POST /cgi-bin/tags/members/batchtagging with `{openid_list, tagid}`. */
    membersBatchtagging(
      tagId: number,
      openids: string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /cgi-bin/tags/members/batchuntagging with `{openid_list, tagid}`. */
    membersBatchuntagging(
      tagId: number,
      openids: string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /cgi-bin/tags/getidlist with `{openid}`. */
    getUserTags(openid: string, callback: WechatAPI.Callback<{ tagid_list: number[] }>): void;

    /** POST /cgi-bin/message/custom/send, msgtype text. */
    sendText(
      openid: string,
      text: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** The same, with `customservice: {kf_account}`. */
    sendTextFromCs(
      openid: string,
      kfAccount: string,
      text: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /cgi-bin/message/custom/send, msgtype image. */
    sendImage(
      openid: string,
      mediaId: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /cgi-bin/message/custom/send, msgtype news (external-link articles). */
    sendNews(
      openid: string,
      articles: { title: string; description: string; url: string; picurl: string }[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;

    /** GET /cgi-bin/customservice/getkflist. */
    getCustomServiceList(callback: WechatAPI.Callback<{ kf_list: Record<string, unknown>[] }>): void;
    /** GET /cgi-bin/customservice/getonlinekflist. */
    getOnlineCustomServiceList(
      callback: WechatAPI.Callback<{ kf_online_list: Record<string, unknown>[] }>,
    ): void;
    /** POST /customservice/kfaccount/add (sends the MD5 of `password`). */
    addKfAccount(
      account: string,
      nick: string,
      password: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /customservice/kfaccount/update. */
    updateKfAccount(
      account: string,
      nick: string,
      password: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** GET /customservice/kfaccount/del?kf_account=. */
    deleteKfAccount(account: string, callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>): void;
    /** POST /customservice/kfaccount/uploadheadimg?kf_account= (multipart `media` from a file path). */
    setKfAccountAvatar(
      account: string,
      filepath: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /customservice/kfsession/create. */
    createKfSession(
      account: string,
      openid: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /customservice/kfsession/close. */
    closeKfSession(
      account: string,
      openid: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** GET /customservice/kfsession/getsession?openid=. */
    getKfSession(
      openid: string,
      callback: WechatAPI.Callback<{ createtime: number; kf_account: string }>,
    ): void;
    /** GET /customservice/kfsession/getsessionlist?kf_account=. */
    getKfSessionList(
      account: string,
      callback: WechatAPI.Callback<{ sessionlist: { createtime: number; openid: string }[] }>,
    ): void;
    /** GET /customservice/kfsession/getwaitcase. */
    getKfSessionWaitCase(
      callback: WechatAPI.Callback<{
        count: number;
        waitcaselist: { latest_time: number; openid: string }[];
      }>,
    ): void;
    /** POST /customservice/msgrecord/getmsglist (msgid defaults to 1). */
    getRecords(
      opts: { starttime: number; endtime: number; msgid?: number; number?: number },
      callback: WechatAPI.Callback<{
        recordlist: { openid: string; opercode: number; text: string; time: number; worker: string }[];
        number: number;
        msgid: number;
      }>,
    ): void;

    /** POST /cgi-bin/template/api_set_industry. */
    setIndustry(
      ids: { industry_id1: string; industry_id2: string },
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** GET /cgi-bin/template/get_industry. */
    getIndustry(
      callback: WechatAPI.Callback<{ primary_industry: { first_class: string; second_class: string } }>,
    ): void;
    /** POST /cgi-bin/template/api_add_template with `{template_id_short}`. */
    addTemplate(shortId: string, callback: WechatAPI.Callback<{ template_id: string }>): void;
    /** GET /cgi-bin/template/get_all_private_template. */
    getAllPrivateTemplate(callback: WechatAPI.Callback<{ template_list: { template_id: string }[] }>): void;
    /** POST /cgi-bin/template/del_private_template. */
    delPrivateTemplate(
      templateId: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>,
    ): void;
    /** POST /cgi-bin/message/template/send; `dest` is the url or `{url, miniprogram}`. */
    sendTemplate(
      openid: string,
      templateId: string,
      dest: string | { url?: string; miniprogram?: { appid: string; pagepath: string } },
      data: Record<string, { value: string; color?: string }>,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msgid: number }>,
    ): void;

    /** Mass send (lib/api_mass_send.js): `receivers` true/false → sendall is_to_all, a number → sendall filter.group_id, an array → mass/send. */
    massSend(
      opts: Record<string, unknown>,
      receivers: boolean | number | string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number; msg_data_id?: number }>,
    ): void;
    massSendText(
      content: string,
      receivers: boolean | number | string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number }>,
    ): void;
    massSendNews(
      mediaId: string,
      receivers: boolean | number | string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number; msg_data_id?: number }>,
    ): void;
    massSendImage(
      mediaId: string,
      receivers: boolean | number | string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number }>,
    ): void;
    massSendVoice(
      mediaId: string,
      receivers: boolean | number | string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number }>,
    ): void;
    /** POST /cgi-bin/media/uploadnews `{articles}`: a news to mass-send as mpnews. */
    uploadNews(
      news: { articles: Record<string, unknown>[] },
      callback: WechatAPI.Callback<{ type: string; media_id: string; created_at: number }>,
    ): void;
    /** POST `fileServerPrefix` + media/uploadvideo `{media_id, title, description}`: an mpvideo media_id. */
    uploadMPVideo(
      opts: { media_id: string; title?: string; description?: string },
      callback: WechatAPI.Callback<{ type: string; media_id: string; created_at: number }>,
    ): void;
    /** `mpvideo` mass send of an uploadvideo media_id. */
    massSendVideo(
      mediaId: string,
      receivers: boolean | number | string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number }>,
    ): void;
    /** uploadMPVideo(data), then massSendVideo with the id it returns. */
    massSendMPVideo(
      data: { media_id: string; title?: string; description?: string },
      receivers: boolean | number | string[],
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number }>,
    ): void;
    /** POST mass/preview `{touser, mpnews: {media_id}}`. */
    previewNews(
      openid: string,
      mediaId: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number }>,
    ): void;
    /** POST mass/preview `{touser, mpvideo: {media_id}}`. */
    previewVideo(
      openid: string,
      mediaId: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number }>,
    ): void;
    /** POST mass/preview `{touser, text}`. */
    previewText(
      openid: string,
      content: string,
      callback: WechatAPI.Callback<{ errcode: number; errmsg: string; msg_id: number }>,
    ): void;
    /** POST mass/delete `{msg_id}`. */
    deleteMass(messageId: number, callback: WechatAPI.Callback<{ errcode: number; errmsg: string }>): void;
    /** POST mass/get `{msg_id}`. */
    getMassMessageStatus(
      messageId: number,
      callback: WechatAPI.Callback<{ msg_id: number; msg_status: string }>,
    ): void;

    /**
     * Adds `api[name](body, callback)`: POSTs JSON to `url` + access_token, with
     * the usual token handling (throws if the name exists, unless override).
     */
    static patch(name: string, url: string, override?: boolean): void;
  }

  export = WechatAPI;
}
