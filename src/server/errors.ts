/**
 * The error catalog. Every expected failure is an AppError with one of these
 * codes; the error handler renders it as WeChat's `{errcode, errmsg}` on the
 * Open API and as `{code, message}` on our own API. Keep docs/errors.md in step.
 *
 * `errmsg` is WeChat's English stem; the handler appends a hint and ` rid: ...`.
 */
export const ERRORS = {
  // --- generic ---
  SYSTEM_ERROR: { status: 500, errcode: -1, errmsg: 'system error' },
  BAD_REQUEST_BODY: { status: 400, errcode: 47001, errmsg: 'data format error' },
  BODY_TOO_LARGE: { status: 413, errcode: 47001, errmsg: 'data format error' },
  EMPTY_POST_DATA: { status: 400, errcode: 44002, errmsg: 'empty post data' },
  INVALID_PARAMETER: { status: 400, errcode: 40035, errmsg: 'invalid parameter' },
  REQUIRE_GET: { status: 405, errcode: 43001, errmsg: 'require GET method' },
  REQUIRE_POST: { status: 405, errcode: 43002, errmsg: 'require POST method' },
  API_NOT_FOUND: { status: 404, errcode: 48001, errmsg: 'api unauthorized' },
  NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'not found' },

  // --- credentials ---
  ACCESS_TOKEN_MISSING: { status: 401, errcode: 41001, errmsg: 'access_token missing' },
  ACCESS_TOKEN_INVALID: {
    status: 401,
    errcode: 40001,
    errmsg: 'invalid credential, access_token is invalid or not latest',
  },
  ACCESS_TOKEN_EXPIRED: { status: 401, errcode: 42001, errmsg: 'access_token expired' },
  APPSECRET_WRONG: { status: 401, errcode: 40001, errmsg: 'invalid credential, appsecret is wrong' },
  INVALID_APPSECRET: { status: 401, errcode: 40125, errmsg: 'invalid appsecret' },
  GRANT_TYPE_INVALID: { status: 400, errcode: 40002, errmsg: 'invalid grant_type' },
  APPID_INVALID: { status: 400, errcode: 40013, errmsg: 'invalid appid' },
  APPID_MISSING: { status: 400, errcode: 41002, errmsg: 'appid missing' },
  APPSECRET_MISSING: { status: 400, errcode: 41004, errmsg: 'appsecret missing' },
  IP_NOT_WHITELISTED: { status: 403, errcode: 40164, errmsg: 'invalid ip, not in whitelist' },
  API_UNAUTHORIZED: { status: 403, errcode: 48001, errmsg: 'api unauthorized' },

  // --- quotas ---
  DAILY_QUOTA_REACHED: { status: 429, errcode: 45009, errmsg: 'reach max api daily quota limit' },
  MINUTE_QUOTA_REACHED: { status: 429, errcode: 45011, errmsg: 'api minute-quota reach limit' },
  CLEAR_QUOTA_LIMIT: {
    status: 429,
    errcode: 48006,
    errmsg: 'forbid to clear quota because of reaching the limit',
  },
  CGI_PATH_NOT_FOUND: { status: 404, errcode: 76021, errmsg: 'cgi_path not found' },
  CGI_PATH_NO_QUOTA: { status: 400, errcode: 76022, errmsg: 'could not query this cgi_path' },
  RID_NOT_FOUND: { status: 404, errcode: 76001, errmsg: 'rid not found' },
  RID_INVALID: { status: 400, errcode: 76002, errmsg: 'rid is error' },
  RID_OTHER_ACCOUNT: { status: 403, errcode: 76003, errmsg: 'rid does not belong to this appid' },
  RID_EXPIRED: { status: 410, errcode: 76004, errmsg: 'rid is stale' },

  // --- users (Open API) ---
  INVALID_OPENID: { status: 400, errcode: 40003, errmsg: 'invalid openid' },
  OPENID_LIST_SIZE: { status: 400, errcode: 40032, errmsg: 'invalid openid list size' },
  OPENID_NOT_OF_APPID: { status: 400, errcode: 49003, errmsg: 'not match openid with appid' },
  BLACKLISTED: { status: 409, errcode: 43019, errmsg: 'require remove blacklist' },

  // --- tags (Open API) ---
  TAG_NAME_INVALID: { status: 400, errcode: 45157, errmsg: 'invalid tag name' },
  TAG_NAME_TOO_LONG: { status: 400, errcode: 45158, errmsg: 'tag name too long' },
  TOO_MANY_TAGS: { status: 409, errcode: 45056, errmsg: 'too many tags now, no need to add new' },
  SYSTEM_TAG_IMMUTABLE: { status: 403, errcode: 45058, errmsg: "can't modify sys tag" },
  TAG_TOO_MANY_FANS: { status: 409, errcode: 45057, errmsg: "can't delete the tag that has too many fans" },
  TAG_NOT_FOUND: { status: 404, errcode: 45159, errmsg: 'invalid tag id' },
  USER_TAG_LIMIT: { status: 409, errcode: 45059, errmsg: 'user tag count exceeded the limit' },

  // --- customer service (Open API) ---
  SERVICE_WINDOW_CLOSED: {
    status: 409,
    errcode: 45015,
    errmsg: 'response out of time limit or subscription is canceled',
  },
  SERVICE_WINDOW_USED_UP: { status: 429, errcode: 45047, errmsg: 'out of response count limit' },
  INVALID_MSGTYPE: { status: 400, errcode: 40008, errmsg: 'invalid message type' },
  TYPING_COMMAND_INVALID: { status: 400, errcode: 45072, errmsg: 'command field content is invalid' },
  TYPING_NO_INTERACTION: {
    status: 409,
    errcode: 45080,
    errmsg: 'has not sent message to user in 30 seconds',
  },
  TYPING_ALREADY: { status: 409, errcode: 45081, errmsg: 'already in typing state' },

  // --- kf accounts and sessions ---
  // The new-version kf codes (654xx, as WeChat's kfaccount/kfsession pages
  // list them) rather than the legacy 614xx: every SDK still calling these
  // paths talks to the new kf system, which answers 654xx.
  KF_ACCOUNT_NOT_FOUND: { status: 404, errcode: 65401, errmsg: 'invalid custom service account' },
  KF_NOT_BOUND: {
    status: 409,
    errcode: 65402,
    errmsg: 'the custom service account need to bind a wechat user',
  },
  KF_NICKNAME_INVALID: { status: 400, errcode: 65403, errmsg: 'illegal nickname' },
  KF_ACCOUNT_INVALID: { status: 400, errcode: 65404, errmsg: 'illegal custom service account' },
  KF_ACCOUNT_LIMIT: { status: 409, errcode: 65405, errmsg: 'custom service account number reach limit' },
  KF_ACCOUNT_EXISTS: { status: 409, errcode: 65406, errmsg: 'custom service account exists' },
  KF_INVITEE_IS_WORKER: { status: 409, errcode: 65407, errmsg: 'invite worker is already worker' },
  KF_INVITE_DUPLICATE: { status: 409, errcode: 65408, errmsg: 'this wechat has been invited' },
  KF_WECHAT_ID_INVALID: { status: 400, errcode: 65409, errmsg: 'invalid wechat id' },
  KF_INVITEE_BIND_LIMIT: { status: 409, errcode: 65410, errmsg: 'invite worker bind account reach limit' },
  KF_INVITE_PENDING: { status: 409, errcode: 65411, errmsg: 'the account has a waiting invitation' },
  KF_ALREADY_BOUND: { status: 409, errcode: 65412, errmsg: 'the account has bound a wechat user' },
  KF_SESSION_NOT_FOUND: { status: 404, errcode: 65413, errmsg: 'no session for the user' },
  KF_SESSION_OTHER_WORKER: {
    status: 409,
    errcode: 65414,
    errmsg: 'the user is in session with other worker',
  },
  KF_WORKER_OFFLINE: { status: 409, errcode: 65415, errmsg: 'the worker is not online' },
  KF_PARAM_INVALID: { status: 400, errcode: 65416, errmsg: 'param invalid, please check' },
  KF_TIME_RANGE_TOO_LONG: { status: 400, errcode: 65417, errmsg: 'time range too long' },
  // Our own API: a user answering an invitation that is not (or no longer) waiting.
  KF_INVITATION_NOT_WAITING: { status: 409, errcode: 65401, errmsg: 'no waiting invitation for this user' },

  // --- mass send --- (masssend module owns this block; spec §8)
  MASS_SEND_QUOTA_REACHED: { status: 429, errcode: 45028, errmsg: 'has no masssend quota' },
  CLIENTMSGID_EXISTS: { status: 409, errcode: 45065, errmsg: 'clientmsgid exist' },
  CLIENTMSGID_RETRY_TOO_FAST: { status: 429, errcode: 45066, errmsg: 'same clientmsgid retry too fast' },
  CLIENTMSGID_TOO_LONG: { status: 400, errcode: 45067, errmsg: 'clientmsgid size out of limit' },
  MASS_SPEED_OUT_OF_RANGE: { status: 400, errcode: 45083, errmsg: 'speed out of range' },
  MASS_SPEED_MISSING: { status: 400, errcode: 45084, errmsg: 'no speed' },
  OPENID_LIST_TOO_SHORT: {
    status: 400,
    errcode: 40130,
    errmsg: 'invalid openid list size, at least two openid',
  },
  WECHAT_ID_INVALID: { status: 400, errcode: 40132, errmsg: 'invalid username' },
  MASS_SEND_NOT_FOUND: { status: 404, errcode: 40035, errmsg: 'invalid msg_id' },
  MASS_SEND_NOT_DELETABLE: { status: 409, errcode: 40035, errmsg: 'this mass message cannot be deleted' },
  MASS_SEND_NOT_CANCELLABLE: { status: 409, errcode: 40035, errmsg: 'this mass send has already finished' },

  // --- drafts and publishing --- (drafts/publishing modules own this block; spec §13)
  // Drafts reuse the material codes (40007 media, 44003/45008 article count, 40060 index, 4500x lengths).
  DRAFT_CHECK_FAILED: { status: 422, errcode: 53503, errmsg: 'this draft failed the publish check' },
  PUBLISH_ID_INVALID: { status: 404, errcode: 53502, errmsg: 'invalid publish_id' },
  ARTICLE_ID_INVALID: { status: 404, errcode: 53600, errmsg: 'invalid article_id' },
  PUBLICATION_NOT_CANCELLABLE: {
    status: 409,
    errcode: 40035,
    errmsg: 'this publication is no longer pending',
  },
  SENSITIVE_WORD_NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'sensitive word not found' },

  // --- template messages and subscribe notifications ---
  ARGUMENT_INVALID: { status: 400, errcode: 47003, errmsg: 'argument invalid!' },
  TEMPLATE_NOT_FOUND: { status: 404, errcode: 40037, errmsg: 'invalid template_id' },
  TEMPLATE_LIMIT: { status: 409, errcode: 45026, errmsg: 'template num exceeds limit' },
  TEMPLATE_INDUSTRY_CONFLICT: { status: 409, errcode: 45027, errmsg: 'template conflict with industry' },
  INDUSTRY_INVALID: { status: 400, errcode: 40102, errmsg: 'invalid industry id' },
  INDUSTRY_CHANGE_LIMIT: { status: 429, errcode: 43100, errmsg: 'change template too frequently' },
  SUBSCRIBE_REFUSED: { status: 409, errcode: 43101, errmsg: 'user refuse to accept the msg' },
  SUBSCRIBE_TID_INVALID: { status: 400, errcode: 200014, errmsg: 'invalid tid' },
  SUBSCRIBE_KIDLIST_INVALID: { status: 400, errcode: 200020, errmsg: 'invalid kidList' },
  SUBSCRIBE_SCENE_DESC_INVALID: { status: 400, errcode: 200021, errmsg: 'invalid sceneDesc' },
  SUBSCRIBE_TEMPLATE_LIMIT: { status: 409, errcode: 200012, errmsg: 'private template count exceeds limit' },

  // --- web authorization and JS-SDK --- (webauth module owns this block; spec §17, §18)
  // The 100xx codes are the authorize page's: WeChat shows them on an HTML page, and so do we.
  OAUTH_REDIRECT_URI_MISMATCH: { status: 400, errcode: 10003, errmsg: 'redirect_uri domain mismatch' },
  OAUTH_SCOPE_UNAUTHORIZED: { status: 403, errcode: 10005, errmsg: 'scope unauthorized' },
  OAUTH_SCOPE_EMPTY: { status: 400, errcode: 10010, errmsg: 'scope is empty' },
  OAUTH_REDIRECT_URI_EMPTY: { status: 400, errcode: 10011, errmsg: 'redirect_uri is empty' },
  OAUTH_APPID_EMPTY: { status: 400, errcode: 10012, errmsg: 'appid is empty' },
  OAUTH_APPID_NOT_ACCOUNT: { status: 400, errcode: 10016, errmsg: 'appid is not an official account' },
  OAUTH_RESPONSE_TYPE_INVALID: { status: 400, errcode: 40035, errmsg: 'invalid response_type' },
  OAUTH_STATE_TOO_LONG: { status: 400, errcode: 40035, errmsg: 'state too long' },
  OAUTH_CODE_MISSING: { status: 400, errcode: 41008, errmsg: 'missing code' },
  OAUTH_CODE_INVALID: { status: 400, errcode: 40029, errmsg: 'invalid code' },
  OAUTH_CODE_USED: { status: 400, errcode: 40163, errmsg: 'code been used' },
  OAUTH_GRANT_TYPE_INVALID: { status: 400, errcode: 40002, errmsg: 'invalid grant_type' },
  REFRESH_TOKEN_MISSING: { status: 400, errcode: 41003, errmsg: 'refresh_token missing' },
  REFRESH_TOKEN_INVALID: { status: 400, errcode: 40030, errmsg: 'invalid refresh_token' },
  REFRESH_TOKEN_EXPIRED: { status: 400, errcode: 42002, errmsg: 'refresh_token expired' },
  TICKET_TYPE_INVALID: { status: 400, errcode: 40097, errmsg: 'invalid args' },
  WEB_DOMAIN_INVALID: { status: 400, errcode: 40035, errmsg: 'invalid domain' },

  // --- menus (Open API) --- (menu module owns this block)
  // One errcode per violation (spec §6.1, §6.5); modules/menus/check-menu-buttons.ts says which when.
  MENU_NOT_EXIST: { status: 404, errcode: 46003, errmsg: 'menu no exist' },
  MENU_EMPTY: { status: 400, errcode: 65307, errmsg: 'empty menu' },
  MENU_BUTTON_COUNT: { status: 400, errcode: 40016, errmsg: 'invalid button size' },
  MENU_BUTTON_TYPE: { status: 400, errcode: 40017, errmsg: 'invalid button type' },
  MENU_BUTTON_NAME_SIZE: { status: 400, errcode: 40018, errmsg: 'invalid button name size' },
  MENU_BUTTON_KEY_SIZE: { status: 400, errcode: 40019, errmsg: 'invalid button key size' },
  MENU_BUTTON_URL_SIZE: { status: 400, errcode: 40020, errmsg: 'invalid button url size' },
  MENU_SUB_BUTTON_LEVEL: { status: 400, errcode: 40022, errmsg: 'invalid sub_menu level' },
  MENU_SUB_BUTTON_COUNT: { status: 400, errcode: 40023, errmsg: 'invalid sub button size' },
  MENU_SUB_BUTTON_TYPE: { status: 400, errcode: 40024, errmsg: 'invalid sub button type' },
  MENU_SUB_BUTTON_NAME_SIZE: { status: 400, errcode: 40025, errmsg: 'invalid sub button name size' },
  MENU_SUB_BUTTON_KEY_SIZE: { status: 400, errcode: 40026, errmsg: 'invalid sub button key size' },
  MENU_SUB_BUTTON_URL_SIZE: { status: 400, errcode: 40027, errmsg: 'invalid sub button url size' },
  MENU_BUTTON_NO_RESPONSE: { status: 400, errcode: 65308, errmsg: 'button has no response type' },
  MENU_BUTTON_URL_INVALID: { status: 400, errcode: 65317, errmsg: 'invalid url' },
  MENU_MEDIA_ID_MISSING: { status: 400, errcode: 41006, errmsg: 'media_id missing' },
  MENU_ARTICLE_ID_MISSING: { status: 400, errcode: 40035, errmsg: 'invalid parameter' },
  MENU_MINIPROGRAM_INVALID: { status: 400, errcode: 40035, errmsg: 'invalid parameter' },
  MENU_MEDIA_INVALID: { status: 400, errcode: 40007, errmsg: 'invalid media_id' },
  MENU_URL_DOMAINS: { status: 400, errcode: 65316, errmsg: 'too many url domains in conditional menus' },
  CONDITIONAL_MENU_LIMIT: { status: 409, errcode: 65305, errmsg: 'too many conditional menus' },
  CONDITIONAL_MENU_NOT_FOUND: { status: 404, errcode: 65301, errmsg: 'conditional menu not exist' },
  MENU_USER_NOT_FOUND: { status: 404, errcode: 65302, errmsg: 'user not exist' },
  DEFAULT_MENU_MISSING: { status: 409, errcode: 65303, errmsg: 'default menu not exist' },
  MATCHRULE_EMPTY: { status: 400, errcode: 65304, errmsg: 'matchrule empty' },
  MATCHRULE_PRIVACY: { status: 400, errcode: 65320, errmsg: 'matchrule contains privacy restricted fields' },
  MATCHRULE_INVALID: { status: 400, errcode: 40035, errmsg: 'invalid parameter' },
  MENU_BUTTON_NOT_FOUND: { status: 404, errcode: 40035, errmsg: 'no such menu button' },

  // --- QR codes and short keys (Open API) --- (qrcodes module owns this block)
  QRCODE_ACTION_NAME_INVALID: { status: 400, errcode: 40052, errmsg: 'invalid action name' },
  QRCODE_ACTION_INFO_INVALID: {
    status: 400,
    errcode: 40053,
    errmsg: 'invalid action info, please check document',
  },
  QRCODE_LIMIT_REACHED: { status: 409, errcode: 45029, errmsg: 'qrcode count out of limit' },
  // showqrcode answers HTTP 404 for these (spec §11.2); the errcode only
  // fills the JSON body, and on our own API it is the usual not-found 46004.
  QRCODE_NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'qrcode not found or expired' },
  QRCODE_IMAGE_UNREADABLE: { status: 422, errcode: 40035, errmsg: 'no QR code could be read from the image' },
  SHORTEN_ARGUMENT_INVALID: { status: 400, errcode: 47003, errmsg: 'argument invalid!' },
  SHORTEN_DATA_TOO_LONG: { status: 400, errcode: 9410010, errmsg: 'long_data length exceeds the limit' },
  SHORTEN_EXPIRE_TOO_LONG: { status: 400, errcode: 9410011, errmsg: 'expire_seconds exceeds the limit' },
  SHORT_KEY_NOT_FOUND: {
    status: 404,
    errcode: 9410012,
    errmsg: 'short_key not exist, expired or not of this account',
  },

  // --- article comments (Open API, spec §15) and article pages --- (articles module owns this block)
  // errmsg stems as WeChat's comment API answers them.
  COMMENT_NO_PERMISSION: { status: 403, errcode: 88000, errmsg: 'without comment privilege' },
  COMMENT_ARTICLE_NOT_FOUND: { status: 404, errcode: 88001, errmsg: 'msg_data is not exists' },
  COMMENT_ELECT_LIMIT: { status: 409, errcode: 88003, errmsg: 'elected comment upper limit' },
  COMMENT_DELETED_BY_USER: { status: 409, errcode: 88004, errmsg: 'comment was deleted by user' },
  COMMENT_ALREADY_REPLIED: { status: 409, errcode: 88005, errmsg: 'already reply' },
  COMMENT_REPLY_INVALID: {
    status: 400,
    errcode: 88007,
    errmsg: 'reply content beyond max len or content len is zero',
  },
  COMMENT_NOT_FOUND: { status: 404, errcode: 88008, errmsg: 'comment is not exists' },
  COMMENT_REPLY_NOT_FOUND: { status: 404, errcode: 88009, errmsg: 'reply is not exists' },
  COMMENT_COUNT_INVALID: {
    status: 400,
    errcode: 88010,
    errmsg: 'count range error. cout <= 0 or count > 50',
  },
  // Our own API: the reader's side of an article page.
  ARTICLE_NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'article not found' },
  ARTICLE_DELETED: { status: 410, errcode: 88001, errmsg: 'the article was deleted by its publisher' },
  COMMENTS_FOLLOWERS_ONLY: {
    status: 403,
    errcode: 88000,
    errmsg: 'only followers can comment on this article',
  },

  // --- our own API (console, simulation, admin) ---
  UNAUTHENTICATED: { status: 401, errcode: 41001, errmsg: 'missing or wrong admin API key' },
  VALIDATION_FAILED: { status: 400, errcode: 40035, errmsg: 'invalid parameter' },
  ORGANIZATION_NOT_FOUND: { status: 404, errcode: 40013, errmsg: 'organization not found' },
  ACCOUNT_NOT_FOUND: { status: 404, errcode: 40013, errmsg: 'account not found' },
  ACCOUNT_ALREADY_EXISTS: { status: 409, errcode: 40035, errmsg: 'account already exists' },
  ACCOUNT_ALIAS_TAKEN: { status: 409, errcode: 40035, errmsg: 'another account has this WeChat id' },
  SANDBOX_ONLY: { status: 403, errcode: 48001, errmsg: 'only available in sandbox mode' },
  APP_SESSION_MISSING: { status: 401, errcode: 48001, errmsg: 'no follower app session on this device' },
  APP_USER_NOT_ON_DEVICE: {
    status: 403,
    errcode: 48001,
    errmsg: 'this user is not signed in on this device',
  },

  // --- console sign-in and people (own API) ---
  CONSOLE_SIGN_IN_FAILED: { status: 401, errcode: 41001, errmsg: 'wrong username or password' },
  CONSOLE_USER_LOCKED: { status: 423, errcode: 45009, errmsg: 'sign-in locked after repeated failures' },
  CONSOLE_USER_DISABLED: { status: 403, errcode: 48001, errmsg: 'console user disabled' },
  CONSOLE_SESSION_ENDED: { status: 401, errcode: 41001, errmsg: 'console session ended' },
  CSRF_TOKEN_INVALID: { status: 403, errcode: 48001, errmsg: 'missing or wrong CSRF token' },
  CONSOLE_FORBIDDEN: { status: 403, errcode: 48001, errmsg: 'your console role does not allow this' },
  CONSOLE_USER_NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'console user not found' },
  CONSOLE_USERNAME_TAKEN: { status: 409, errcode: 40035, errmsg: 'username already taken' },

  // --- followers and conversations (own API) ---
  USER_NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'user not found' },
  USER_ALREADY_EXISTS: { status: 409, errcode: 40035, errmsg: 'a user with this WeChat id already exists' },
  NOT_FOLLOWING: { status: 409, errcode: 43004, errmsg: 'require subscribe' },
  MESSAGE_NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'message not found' },
  MSGMENU_OPTION_UNKNOWN: {
    status: 409,
    errcode: 40035,
    errmsg: 'no menu message this follower received has that option',
  },
  DELIVERY_NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'delivery not found' },
  DELIVERY_NOT_REPLAYABLE: {
    status: 409,
    errcode: 40035,
    errmsg: 'delivery cannot be replayed',
  },
  DEVELOPER_MODE_OFF: { status: 409, errcode: 40035, errmsg: 'developer mode is off for this account' },
  SERVER_VERIFICATION_FAILED: {
    status: 422,
    errcode: 40035,
    errmsg: 'the server URL failed WeChat verification',
  },
  CALLBACK_URL_FORBIDDEN: {
    status: 422,
    errcode: 40035,
    errmsg: 'the server URL points at a forbidden address',
  },
  AUTOREPLY_RULE_NOT_FOUND: { status: 404, errcode: 46004, errmsg: 'auto-reply rule not found' },
  MEDIA_NOT_FOUND: { status: 404, errcode: 40007, errmsg: 'invalid media_id' },
  MEDIA_INVALID: { status: 400, errcode: 40005, errmsg: 'invalid file type' },
  MEDIA_TOO_LARGE: { status: 413, errcode: 45001, errmsg: 'media size out of limit' },

  // --- media and materials (Open API) ---
  // Size errors name the type as WeChat does (40009 image … 40012 thumb); MEDIA_TOO_LARGE is
  // for a body past every type's limit, before the file is looked at.
  MEDIA_TYPE_INVALID: { status: 400, errcode: 40004, errmsg: 'invalid media type' },
  MEDIA_MISSING: { status: 400, errcode: 41005, errmsg: 'media data missing' },
  MEDIA_EMPTY: { status: 400, errcode: 44001, errmsg: 'empty media data' },
  IMAGE_SIZE_INVALID: { status: 413, errcode: 40009, errmsg: 'invalid image size' },
  VOICE_SIZE_INVALID: { status: 413, errcode: 40010, errmsg: 'invalid voice size' },
  VIDEO_SIZE_INVALID: { status: 413, errcode: 40011, errmsg: 'invalid video size' },
  THUMB_SIZE_INVALID: { status: 413, errcode: 40012, errmsg: 'invalid thumb size' },
  VOICE_TOO_LONG: { status: 400, errcode: 45007, errmsg: 'playtime out of limit' },
  // WeChat publishes no code for a full material library; 45034 is what integrators report.
  MATERIAL_QUOTA_REACHED: { status: 409, errcode: 45034, errmsg: 'media count out of limit' },
  MATERIAL_IN_USE: {
    status: 409,
    errcode: 48005,
    errmsg: 'forbid to delete material used by auto-reply or menu',
  },
  NEWS_EMPTY: { status: 400, errcode: 44003, errmsg: 'empty news data' },
  NEWS_TOO_MANY_ARTICLES: { status: 400, errcode: 45008, errmsg: 'article size out of limit' },
  ARTICLE_INDEX_INVALID: { status: 400, errcode: 40060, errmsg: 'invalid article idx' },
  TITLE_TOO_LONG: { status: 400, errcode: 45003, errmsg: 'title size out of limit' },
  DESCRIPTION_TOO_LONG: { status: 400, errcode: 45004, errmsg: 'description size out of limit' },
  CONTENT_TOO_LONG: { status: 400, errcode: 45002, errmsg: 'content size out of limit' },
  URL_INVALID: { status: 400, errcode: 40066, errmsg: 'invalid url' },
} as const satisfies Record<string, { status: number; errcode: number; errmsg: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An expected failure with a catalog code and an optional human hint. */
export class AppError extends Error {
  readonly status: number;
  readonly errcode: number;

  constructor(
    readonly code: ErrorCode,
    /** Extra words for the person reading the error ("field grant_type must be client_credential"). */
    readonly hint?: string,
    /** Fields to merge into the WeChat error body (45065 carries msg_id, for example). */
    readonly extra?: Record<string, unknown>,
  ) {
    const entry = ERRORS[code];
    super(hint ? `${entry.errmsg}: ${hint}` : entry.errmsg);
    this.name = 'AppError';
    this.status = entry.status;
    this.errcode = entry.errcode;
  }
}
