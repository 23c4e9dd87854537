import { z } from 'zod';

/** At most this many kf accounts per official account (formerly 10). */
export const MAX_KF_ACCOUNTS = 100;
/** kf_id numbers start here, per account, as WeChat's do. */
export const FIRST_KF_ID = 1001;
/**
 * `prefix@wxid`: WeChat's page says the prefix is at most 10 letters, digits
 * or underscores (the spec's summary leaves out the underscore; the official
 * page allows it, so we do) and the suffix is the account's WeChat id, at
 * most 30 characters. We model no WeChat id for accounts, so any suffix of
 * that shape is taken.
 */
export const KF_ACCOUNT_PATTERN = /^[A-Za-z0-9_]{1,10}@[A-Za-z0-9_-]{1,30}$/;
/** Nicknames are at most 16 characters ("最长16个字"). */
export const MAX_KF_NICKNAME = 16;
/** An invitation waits this long for the user, then reads as expired. */
export const KF_INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
/** A WeChat user may be the bound agent of at most this many accounts (65410). */
export const MAX_KF_BINDINGS_PER_USER = 5;
/**
 * WeChat forwards a follower's messages to the agent while the session lives;
 * a session left 30 minutes without the follower writing stops being
 * forwarded, and messages go to the developer server again until the agent
 * closes it or the developer transfers again.
 */
export const KF_FORWARD_IDLE_MS = 30 * 60 * 1000;
/** getwaitcase lists at most the 100 oldest waiting sessions. */
export const MAX_WAIT_CASES = 100;
/** msgrecord: a query spans at most 24 hours and returns at most 10000 records. */
export const MAX_RECORD_SPAN_S = 24 * 3600;
export const MAX_RECORDS_PER_PAGE = 10_000;

const kfAccount = z.string().max(128);

/** Body of kfaccount/add and kfaccount/update; legacy clients (wechatpy, wechat-api) also send `password`, ignored. */
export const KfAccountBodySchema = z
  .object({ kf_account: kfAccount, nickname: z.string().max(256).optional() })
  .loose();

/** Body of kfaccount/inviteworker. */
export const KfInviteBodySchema = z.object({ kf_account: kfAccount, invite_wx: z.string().max(128) });

/** `?kf_account=` of kfaccount/del, uploadheadimg and getsessionlist. */
export const KfAccountQuerySchema = z.object({ kf_account: z.string().default('') });

/** Body of kfsession/create and kfsession/close (legacy clients add `text`). */
export const KfSessionBodySchema = z.object({ kf_account: kfAccount, openid: z.string().max(128) }).loose();

/** `?openid=` of kfsession/getsession. */
export const OpenidQuerySchema = z.object({ openid: z.string().default('') });

/** Body of msgrecord/getmsglist; read leniently, bad values are WeChat's 65416. */
export const MsgRecordBodySchema = z
  .object({
    starttime: z.unknown(),
    endtime: z.unknown(),
    msgid: z.unknown().optional(),
    number: z.unknown().optional(),
  })
  .loose();

// --- our own API (console agent side) ---

/** Setting an agent online or offline from the console. */
export const KfStatusBodySchema = z.object({ status: z.enum(['online', 'offline']) });

/** A user answering the invitation a kf account sent them. */
export const KfInvitationAnswerSchema = z.object({
  appid: z.string().max(64),
  kf_account: kfAccount,
  accept: z.boolean(),
});

/** An agent taking a conversation: claiming a waiting one, or closing. */
export const KfAgentBodySchema = z.object({ kf_account: kfAccount });

/** Handing a conversation to another agent. */
export const KfTransferBodySchema = z.object({ to_kf_account: kfAccount });

/**
 * Who replies in a session: the body is a customer-service message
 * (OutboundMessageSchema, read separately) plus, optionally, the agent;
 * without one the session's agent replies.
 */
export const KfReplyAgentSchema = z.object({ kf_account: kfAccount.optional() });

/** Which sessions the console lists. */
export const KfSessionListQuerySchema = z.object({
  status: z.enum(['waiting', 'active', 'open']).default('open'),
});
