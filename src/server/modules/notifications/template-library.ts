/**
 * The platform's template library: what WeChat's 模板库 and 订阅通知 public
 * library hold on mp.weixin.qq.com, as fixed data. Accounts pick from here
 * (api_add_template by short id, newtmpl/addtemplate by tid); a self-hosted
 * platform has no editorial team adding more, so the set is code.
 */

/** WeChat's industry codes for template messages (api_set_industry), id → classes. */
export const INDUSTRIES: Record<number, { first_class: string; second_class: string }> = {
  1: { first_class: 'IT科技', second_class: '互联网|电子商务' },
  2: { first_class: 'IT科技', second_class: 'IT软件与服务' },
  3: { first_class: 'IT科技', second_class: 'IT硬件与设备' },
  4: { first_class: 'IT科技', second_class: '电子技术' },
  5: { first_class: 'IT科技', second_class: '通信与运营商' },
  6: { first_class: 'IT科技', second_class: '网络游戏' },
  7: { first_class: '金融业', second_class: '银行' },
  8: { first_class: '金融业', second_class: '基金理财信托' },
  9: { first_class: '金融业', second_class: '保险' },
  10: { first_class: '餐饮', second_class: '餐饮' },
  11: { first_class: '酒店旅游', second_class: '酒店' },
  12: { first_class: '酒店旅游', second_class: '旅游' },
  13: { first_class: '运输与仓储', second_class: '快递' },
  14: { first_class: '运输与仓储', second_class: '物流' },
  15: { first_class: '运输与仓储', second_class: '仓储' },
  16: { first_class: '教育', second_class: '培训' },
  17: { first_class: '教育', second_class: '院校' },
  18: { first_class: '政府与公共事业', second_class: '学术科研' },
  19: { first_class: '政府与公共事业', second_class: '交警' },
  20: { first_class: '政府与公共事业', second_class: '博物馆' },
  21: { first_class: '政府与公共事业', second_class: '公共事业|非盈利机构' },
  22: { first_class: '医药护理', second_class: '医药医疗' },
  23: { first_class: '医药护理', second_class: '护理美容' },
  24: { first_class: '医药护理', second_class: '保健与卫生' },
  25: { first_class: '交通工具', second_class: '汽车相关' },
  26: { first_class: '交通工具', second_class: '摩托车相关' },
  27: { first_class: '交通工具', second_class: '火车相关' },
  28: { first_class: '交通工具', second_class: '飞机相关' },
  29: { first_class: '房地产', second_class: '建筑' },
  30: { first_class: '房地产', second_class: '物业' },
  31: { first_class: '消费品', second_class: '消费品' },
  32: { first_class: '商业服务', second_class: '法律' },
  33: { first_class: '商业服务', second_class: '会展' },
  34: { first_class: '商业服务', second_class: '中介服务' },
  35: { first_class: '商业服务', second_class: '认证' },
  36: { first_class: '商业服务', second_class: '审计' },
  37: { first_class: '文体娱乐', second_class: '传媒' },
  38: { first_class: '文体娱乐', second_class: '体育' },
  39: { first_class: '文体娱乐', second_class: '娱乐休闲' },
  40: { first_class: '印刷', second_class: '印刷' },
  41: { first_class: '其它', second_class: '其它' },
};

export interface LibraryTemplate {
  short_id: string;
  /** The industry the template belongs to: the account must have it (45027 otherwise). */
  industry_id: number;
  title: string;
  /** `{{keyword.DATA}}` placeholders, one line each, as WeChat writes template content. */
  content: string;
  example: string;
}

/** Template-message library, searchable by short id (`TM…` / `OPENTM…`). */
export const LIBRARY_TEMPLATES: readonly LibraryTemplate[] = [
  {
    short_id: 'TM00015',
    industry_id: 1,
    title: '订单支付成功',
    content:
      '{{first.DATA}}\n\n支付金额：{{orderMoneySum.DATA}}\n商品信息：{{orderProductName.DATA}}\n{{Remark.DATA}}',
    example:
      '我们已收到您的货款，开始为您打包商品，请耐心等待: )\n支付金额：30.00元\n商品信息：我是商品名字\n\n如有问题请致电400-828-1878或直接在微信留言，小易将第一时间为您服务！',
  },
  {
    short_id: 'OPENTM200565259',
    industry_id: 1,
    title: '订单发货提醒',
    content:
      '{{first.DATA}}\n订单编号：{{keyword1.DATA}}\n物流公司：{{keyword2.DATA}}\n物流单号：{{keyword3.DATA}}\n{{remark.DATA}}',
    example:
      '您的订单已发货\n订单编号：20261121001\n物流公司：顺丰速运\n物流单号：SF1234567890\n点击查看物流详情',
  },
  {
    short_id: 'OPENTM207791277',
    industry_id: 2,
    title: '账号登录提醒',
    content:
      '{{first.DATA}}\n登录账号：{{keyword1.DATA}}\n登录时间：{{keyword2.DATA}}\n登录地点：{{keyword3.DATA}}\n{{remark.DATA}}',
    example:
      '您的账号在新设备登录\n登录账号：demo@example.com\n登录时间：2026-11-21 10:00\n登录地点：广东深圳\n如非本人操作，请及时修改密码',
  },
  {
    short_id: 'OPENTM411999701',
    industry_id: 10,
    title: '排队叫号通知',
    content: '{{first.DATA}}\n排队号码：{{keyword1.DATA}}\n前方等待：{{keyword2.DATA}}\n{{remark.DATA}}',
    example: '您好，请准备就餐\n排队号码：A018\n前方等待：2桌\n请留意叫号',
  },
  {
    short_id: 'OPENTM406963151',
    industry_id: 16,
    title: '课程开课提醒',
    content:
      '{{first.DATA}}\n课程名称：{{keyword1.DATA}}\n上课时间：{{keyword2.DATA}}\n上课地点：{{keyword3.DATA}}\n{{remark.DATA}}',
    example:
      '您报名的课程即将开课\n课程名称：Python 入门\n上课时间：2026-11-22 19:00\n上课地点：线上直播\n请提前 10 分钟进入课堂',
  },
  {
    short_id: 'OPENTM200750417',
    industry_id: 7,
    title: '账户资金变动提醒',
    content:
      '{{first.DATA}}\n交易时间：{{keyword1.DATA}}\n交易类型：{{keyword2.DATA}}\n交易金额：{{keyword3.DATA}}\n账户余额：{{keyword4.DATA}}\n{{remark.DATA}}',
    example:
      '您的账户有一笔资金变动\n交易时间：2026-11-21 10:00\n交易类型：消费\n交易金额：88.00元\n账户余额：1000.00元\n详情请咨询客服',
  },
  {
    short_id: 'OPENTM413248002',
    industry_id: 41,
    title: '预约成功通知',
    content: '{{first.DATA}}\n预约项目：{{keyword1.DATA}}\n预约时间：{{keyword2.DATA}}\n{{remark.DATA}}',
    example: '您已预约成功\n预约项目：年度体检\n预约时间：2026-11-25 09:00\n请按时到达',
  },
];

/** Subscribe-notification categories (newtmpl/getcategory). */
export const SUBSCRIBE_CATEGORIES: readonly { id: number; name: string }[] = [
  { id: 611, name: '电商平台' },
  { id: 612, name: '软件服务' },
  { id: 613, name: '教育培训' },
  { id: 614, name: '餐饮服务' },
  { id: 615, name: '生活服务' },
];

/** A keyword's value rule (spec §10): how bizsend checks the value. */
export type KeywordRule =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

export interface SubscribeLibraryTemplate {
  tid: string;
  title: string;
  /** 2 one-time (一次性), 3 long-term (长期). */
  type: 2 | 3;
  categoryId: number;
  keywords: { kid: number; name: string; example: string; rule: KeywordRule }[];
}

/** The public subscribe-notification templates (newtmpl/getpubtemplatetitles). */
export const SUBSCRIBE_LIBRARY: readonly SubscribeLibraryTemplate[] = [
  {
    tid: '1001',
    title: '订单发货通知',
    type: 2,
    categoryId: 611,
    keywords: [
      { kid: 1, name: '商品名称', example: '儿童保温杯', rule: 'thing' },
      { kid: 2, name: '订单编号', example: 'SO20261121001', rule: 'character_string' },
      { kid: 3, name: '发货时间', example: '2026年11月21日 10:00', rule: 'time' },
      { kid: 4, name: '快递单号', example: 'SF1234567890', rule: 'character_string' },
      { kid: 5, name: '订单金额', example: '88.00元', rule: 'amount' },
    ],
  },
  {
    tid: '1002',
    title: '预约结果通知',
    type: 2,
    categoryId: 615,
    keywords: [
      { kid: 1, name: '预约项目', example: '年度体检', rule: 'thing' },
      { kid: 2, name: '预约时间', example: '2026年11月25日 09:00', rule: 'time' },
      { kid: 3, name: '预约状态', example: '成功', rule: 'phrase' },
      { kid: 4, name: '联系电话', example: '0755-12345678', rule: 'phone_number' },
    ],
  },
  {
    tid: '2001',
    title: '课程更新提醒',
    type: 3,
    categoryId: 613,
    keywords: [
      { kid: 1, name: '课程名称', example: 'Python 入门', rule: 'thing' },
      { kid: 2, name: '更新章节', example: '第3章 函数', rule: 'thing' },
      { kid: 3, name: '更新时间', example: '2026年11月21日', rule: 'date' },
      { kid: 4, name: '课时数', example: '12', rule: 'number' },
    ],
  },
  {
    tid: '2002',
    title: '服务到期提醒',
    type: 3,
    categoryId: 612,
    keywords: [
      { kid: 1, name: '服务名称', example: '云存储高级版', rule: 'thing' },
      { kid: 2, name: '到期时间', example: '2026年12月31日', rule: 'date' },
      { kid: 3, name: '温馨提示', example: '请及时续费', rule: 'thing' },
    ],
  },
];
