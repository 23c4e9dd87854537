import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

/** Every UI string, Chinese first (the platform's home language), then English. */
const STRINGS = {
  appName: ['公众 · 运营控制台', 'Gongzhong Console'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出登录', 'Sign out'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  signInHint: [
    '首次启动时控制台管理员 admin 的密码打印在 npm start 的输出里。',
    'The first administrator (admin) and its password are printed by npm start on first start.',
  ],
  signInFailed: ['登录失败', 'Sign-in failed'],
  lockedTitle: ['登录已被锁定', 'Sign-in locked'],
  lockedNext: [
    '请等待锁定结束，或请管理员重置密码。',
    'Wait for the lock to end, or ask an administrator to reset your password.',
  ],
  wrongNext: ['请检查用户名和密码（区分大小写）。', 'Check the username and password (case-sensitive).'],
  sessionEnded: ['登录已过期，请重新登录。', 'Your session has ended; please sign in again.'],
  accounts: ['公众号', 'Accounts'],
  allAccounts: ['全部公众号', 'All accounts'],
  switchAccount: ['切换公众号', 'Switch account'],
  service: ['服务号', 'Service account'],
  subscription: ['订阅号', 'Subscription account'],
  verified: ['已认证', 'Verified'],
  unverified: ['未认证', 'Not verified'],
  createAccount: ['新建公众号', 'Create account'],
  organization: ['组织', 'Organisation'],
  name: ['名称', 'Name'],
  type: ['类型', 'Type'],
  description: ['简介', 'Description'],
  create: ['创建', 'Create'],
  save: ['保存', 'Save'],
  cancel: ['取消', 'Cancel'],
  delete: ['删除', 'Delete'],
  edit: ['编辑', 'Edit'],
  add: ['添加', 'Add'],
  open: ['打开', 'Open'],
  saved: ['已保存', 'Saved'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  noAccounts: ['你还没有可以管理的公众号。', 'You have no accounts to run yet.'],
  basicInfo: ['基本信息', 'Basic info'],
  developer: ['开发设置', 'Developer settings'],
  autoreply: ['自动回复', 'Auto-reply'],
  followers: ['用户管理', 'Followers'],
  inbox: ['客服', 'Customer service'],
  devtools: ['开发者工具', 'Developer tools'],
  people: ['人员与权限', 'People'],
  roles: ['角色', 'Roles'],
  role_administrator: ['管理员', 'Administrator'],
  role_operator: ['运营', 'Operator'],
  role_analyst: ['分析', 'Analyst'],
  role_customer_service: ['客服', 'Customer service'],
  appid: ['AppID（开发者ID）', 'AppID'],
  appsecret: ['AppSecret（开发者密码）', 'AppSecret'],
  resetSecret: ['重置 AppSecret', 'Reset AppSecret'],
  resetSecretConfirm: [
    '重置后旧的 AppSecret 立即失效，使用它的服务器将无法获取 access_token。确定重置？',
    'The old AppSecret stops working at once; servers using it can no longer get an access_token. Reset?',
  ],
  show: ['显示', 'Show'],
  hide: ['隐藏', 'Hide'],
  originalId: ['原始ID', 'Original ID'],
  serverConfig: ['服务器配置', 'Server configuration'],
  serverUrl: ['服务器地址(URL)', 'Server URL'],
  token: ['令牌(Token)', 'Token'],
  aesKey: ['消息加解密密钥(EncodingAESKey)', 'EncodingAESKey'],
  generate: ['随机生成', 'Generate'],
  messageMode: ['消息加解密方式', 'Message encryption'],
  mode_plaintext: ['明文模式', 'Plaintext'],
  mode_compatible: ['兼容模式', 'Compatible'],
  mode_safe: ['安全模式（推荐）', 'Safe (recommended)'],
  developerMode: ['启用服务器配置（开发者模式）', 'Enable the server (developer mode)'],
  submitAndVerify: ['提交并校验', 'Save and verify'],
  verifiedOk: ['服务器校验通过，配置已生效。', 'The server passed verification; the configuration is live.'],
  doctorTitle: ['服务器校验失败：诊断', 'Server verification failed: diagnosis'],
  doctorSent: ['平台发送的请求', 'What the platform sent'],
  doctorExpected: ['期望的响应', 'Expected answer'],
  doctorGot: ['服务器的响应', 'What came back'],
  doctorWhy: ['原因', 'Why'],
  doctorStatus: ['HTTP 状态', 'HTTP status'],
  doctorBody: ['响应内容', 'Body'],
  doctorTime: ['耗时', 'Time'],
  noAnswer: ['（没有响应）', '(no answer)'],
  reason_wrong_echostr: [
    '服务器返回了 200，但内容不是 echostr。请按 signature = sha1(sort(token, timestamp, nonce)) 校验后原样返回 echostr（不要带引号、换行或 JSON）。',
    'The server answered 200 but not with the echostr. Verify signature = sha1(sort(token, timestamp, nonce)) and echo echostr unchanged (no quotes, JSON or extra text).',
  ],
  reason_wrong_token: [
    '服务器拒绝了签名：很可能服务器上的 Token 与这里填写的不一致。请让两边的 Token 完全相同。',
    'The server rejected the signature: most likely its Token differs from the one entered here. Make both Tokens identical.',
  ],
  reason_http_status: [
    '服务器没有返回 HTTP 200。校验请求必须返回 200 和 echostr。',
    'The server did not answer HTTP 200. The check must get 200 and the echostr.',
  ],
  reason_timeout: [
    '服务器在 5 秒内没有响应。请确认服务已启动、地址和端口正确、没有被防火墙拦截。',
    'The server did not answer within 5 seconds. Check that it is running, the address and port are right and no firewall blocks it.',
  ],
  reason_network: [
    '无法连接服务器（连接被拒绝或域名无法解析）。请检查地址、端口和服务状态。',
    'Could not connect (refused or the name does not resolve). Check the address, port and that the server is up.',
  ],
  reason_tls: [
    'HTTPS 握手失败：证书无效、过期或与域名不符。',
    'The HTTPS handshake failed: the certificate is invalid, expired or for another name.',
  ],
  reason_blocked: [
    '该地址指向内网或本机，平台配置禁止回调到这些地址。',
    'The address points at a private or local network, which the platform is configured to refuse.',
  ],
  reason_too_large: [
    '响应过大。校验请求只需返回 echostr。',
    'The answer was too large. The check only needs the echostr.',
  ],
  ipWhitelist: ['IP白名单', 'API IP allowlist'],
  ipWhitelistHelp: [
    '只有这些 IP 或网段可以用 AppSecret 获取 access_token 和调用接口；留空则不限制。',
    'Only these addresses or ranges may fetch access_token and call the API; empty means no restriction.',
  ],
  capabilities: ['接口权限', 'API permissions'],
  capability: ['权限', 'Permission'],
  granted: ['已获得', 'Granted'],
  notGranted: ['未获得', 'Not granted'],
  quotaToday: ['今日调用 / 每日上限', 'Calls today / daily limit'],
  apiUsageChart: ['今日接口调用与每日上限', "Today's API calls vs daily limit"],
  devModeBanner: [
    '已启用服务器配置（开发者模式）：消息推送到你的服务器，这里设置的自动回复不会生效。',
    'Developer mode is on: messages go to your server and the auto-replies set here do not fire.',
  ],
  autoreplyOpen: ['自动回复总开关', 'Auto-reply on'],
  followReply: ['被关注回复', 'Follow reply'],
  defaultReply: ['收到消息回复', 'Default reply'],
  keywordRules: ['关键词回复', 'Keyword rules'],
  addRule: ['添加规则', 'Add rule'],
  ruleName: ['规则名称', 'Rule name'],
  keywords: ['关键词', 'Keywords'],
  matchEqual: ['全匹配', 'Full match'],
  matchContain: ['半匹配', 'Contains'],
  replies: ['回复内容', 'Replies'],
  replyMode: ['回复方式', 'Reply mode'],
  replyAll: ['全部回复', 'Send all'],
  randomOne: ['随机回复一条', 'Send one at random'],
  replyText: ['文字回复', 'Text reply'],
  ruleTester: ['规则测试', 'Rule tester'],
  ruleTesterHelp: [
    '输入一条粉丝消息，看看哪条规则会触发、为什么。',
    'Type a follower message: see which rule fires and why.',
  ],
  test: ['测试', 'Test'],
  firedRule: ['触发的规则', 'Rule that fires'],
  noRule: ['（无）', '(none)'],
  search: ['搜索', 'Search'],
  tags: ['标签', 'Tags'],
  allFollowers: ['全部用户', 'All followers'],
  blacklist: ['黑名单', 'Blacklist'],
  addToBlacklist: ['加入黑名单', 'Blacklist'],
  removeFromBlacklist: ['移出黑名单', 'Remove from blacklist'],
  nickname: ['昵称', 'Nickname'],
  remark: ['备注', 'Remark'],
  subscribeTime: ['关注时间', 'Followed at'],
  subscribeScene: ['关注来源', 'Source'],
  tagSelected: ['打标签', 'Tag selected'],
  untagSelected: ['取消标签', 'Untag selected'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  manageTags: ['标签管理', 'Manage tags'],
  newTag: ['新建标签', 'New tag'],
  conversation: ['聊天记录', 'Conversation'],
  serviceWindow: ['客服消息窗口', 'Service window'],
  windowOpen: ['可发送客服消息，剩余', 'Customer-service messages allowed for'],
  windowClosed: [
    '48 小时窗口已关闭，无法发送客服消息。',
    'The 48-hour window is closed: no customer-service messages.',
  ],
  sendReply: ['发送', 'Send'],
  waiting: ['待接入', 'Waiting'],
  mine: ['我的会话', 'Mine'],
  all: ['全部', 'All'],
  claim: ['接入', 'Claim'],
  close: ['结束会话', 'Close'],
  kfAccount: ['客服账号', 'Agent account'],
  noKfAccount: [
    '这个公众号还没有客服账号，请先添加一个。',
    'This account has no agent accounts yet; add one first.',
  ],
  deliveries: ['推送日志', 'Delivery log'],
  replay: ['重放', 'Replay'],
  request: ['请求', 'Request'],
  response: ['响应', 'Response'],
  outcome: ['结果', 'Outcome'],
  time: ['时间', 'Time'],
  sandboxClock: ['沙箱时钟', 'Sandbox clock'],
  platformTime: ['平台时间', 'Platform time'],
  advance: ['前进', 'Advance'],
  resetClock: ['恢复真实时间', 'Back to real time'],
  openAsFollower: ['以该粉丝身份打开粉丝端', 'Open the follower client as this follower'],
  language: ['语言', 'Language'],
  users: ['人员', 'People'],
  addPerson: ['添加人员', 'Add person'],
  disabled: ['已停用', 'Disabled'],
  disable: ['停用', 'Disable'],
  enable: ['启用', 'Enable'],
  resetPassword: ['重置密码', 'Reset password'],
  newPasswordIs: ['新密码（只显示一次）：', 'New password (shown once):'],
  scope: ['范围', 'Scope'],
  wholeOrg: ['整个组织', 'Whole organisation'],
  platformWide: ['整个平台', 'Whole platform'],
  lockedUntil: ['锁定至', 'Locked until'],
  lastSignIn: ['上次登录', 'Last sign-in'],
  loading: ['加载中…', 'Loading…'],
  forbidden: ['你的角色不能执行这个操作。', 'Your role does not allow this.'],
  followerGrowth: ['粉丝增长', 'Follower growth'],
  count: ['数量', 'Count'],
  menus: ['自定义菜单', 'Menus'],
  defaultMenu: ['默认菜单', 'Default menu'],
  conditionalMenu: ['个性化菜单', 'Conditional menu'],
  addConditional: ['添加个性化菜单', 'Add conditional menu'],
  addButton: ['添加菜单', 'Add button'],
  addSubButton: ['添加子菜单', 'Add sub-button'],
  buttonName: ['菜单名称', 'Button name'],
  buttonType: ['菜单内容', 'Button type'],
  subMenuParent: ['已有子菜单，只可设置菜单名称。', 'Has a sub-menu: only the name can be set.'],
  moveLeft: ['前移', 'Move earlier'],
  moveRight: ['后移', 'Move later'],
  publishMenus: ['保存并发布', 'Save and publish'],
  deleteAllMenus: ['删除全部菜单', 'Delete all menus'],
  matchTag: ['粉丝标签', 'Follower tag'],
  matchPlatform: ['手机系统', 'Phone system'],
  anyValue: ['不限', 'Any'],
  previewAs: ['以粉丝身份预览', 'Preview as follower'],
  previewAsHelp: [
    '选择一个粉丝，查看他实际看到的菜单（个性化菜单已匹配）。',
    'Pick a follower to see the menu they actually get (conditional menus resolved).',
  ],
  problems: ['需要修正', 'To fix before saving'],
  noMenu: ['没有菜单', 'No menu'],
  bytes: ['字节', 'bytes'],
  messagesLeft: ['条可发', 'messages left'],
  followerGrowth2: ['粉丝关注时间分布（按天累计）', 'Followers over time (cumulative by day)'],
} as const;

export type StringKey = keyof typeof STRINGS;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: StringKey) => string;
}

const I18nContext = createContext<I18n | null>(null);

const STORAGE_KEY = 'gz-console-lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key) => STRINGS[key][lang === 'zh' ? 0 : 1] }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
