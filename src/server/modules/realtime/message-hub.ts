import type pg from 'pg';
import type { AppContext } from '../../context.ts';
import type { DatabaseHandle } from '../../db/index.ts';
import { selectMessagesByIds, type MessageWithParties } from '../messages/messages.queries.ts';
import { MessagesNotificationSchema, type MessagesNotification } from './realtime.schemas.ts';

/** PostgreSQL channel on which committed conversation messages are announced to every node. */
export const MESSAGES_CHANNEL = 'gongzhong_messages';

/**
 * Why the server ended a subscription: the app is closing, the PostgreSQL
 * LISTEN connection dropped, or announced messages could not be loaded. In
 * every case messages may be missed from then on, so a client should reload
 * the conversation and subscribe again.
 */
export type SubscriptionEndReason = 'closing' | 'connection_lost' | 'load_failed';

/** Receives one committed message; must not block (write to a socket and return). */
export type MessageListener = (message: MessageWithParties) => void;

export interface SubscribeOptions {
  /** Only messages of this account's conversation with the user. */
  appid?: string | undefined;
  /** Called once when the server ends the subscription; never after the caller's own unsubscribe. */
  onEnd?: ((reason: SubscriptionEndReason) => void) | undefined;
}

interface Subscription {
  /** The user followed, or null for an account subscription (every conversation of `appid`). */
  userId: string | null;
  appid: string | undefined;
  listener: MessageListener;
  onEnd: ((reason: SubscriptionEndReason) => void) | undefined;
}

/**
 * The live subscribers of one open database, by user id, and on PostgreSQL
 * the one LISTEN connection that feeds them. One LISTEN per node means each
 * NOTIFY is handled once here, so each subscriber sees each message once.
 */
export class MessageHub {
  /** Set by closeRealtime; a closed hub takes no new subscribers. */
  closed = false;
  private readonly byUser = new Map<string, Set<Subscription>>();
  private readonly byAccount = new Map<string, Set<Subscription>>();
  private count = 0;
  private client: pg.PoolClient | null = null;
  private dropClient: () => void = () => undefined;
  private connecting: Promise<void> | null = null;
  // Notifications are handled one after another so messages keep their order.
  private deliveries: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {}

  /** Live subscriptions. */
  get size(): number {
    return this.count;
  }

  /** True while the PostgreSQL LISTEN connection is up (always false on SQLite). */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Adds a subscription at once; returns its idempotent unsubscribe. */
  add(userId: string, options: SubscribeOptions, listener: MessageListener): () => void {
    const sub: Subscription = { userId, appid: options.appid, listener, onEnd: options.onEnd };
    let set = this.byUser.get(userId);
    if (!set) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(sub);
    this.count++;
    return () => void this.remove(sub);
  }

  /**
   * Adds a subscription to every conversation message of one account (the
   * console inbox's stream); returns its idempotent unsubscribe.
   */
  addAccount(appid: string, options: Pick<SubscribeOptions, 'onEnd'>, listener: MessageListener): () => void {
    const sub: Subscription = { userId: null, appid, listener, onEnd: options.onEnd };
    let set = this.byAccount.get(appid);
    if (!set) {
      set = new Set();
      this.byAccount.set(appid, set);
    }
    set.add(sub);
    this.count++;
    return () => void this.remove(sub);
  }

  /** Hands committed messages to this node's subscribers of their users and accounts, in the given order. */
  deliver(messages: MessageWithParties[]): void {
    for (const message of messages) {
      const subs = [
        ...(this.byUser.get(message.user_id) ?? []),
        ...(this.byAccount.get(message.appid) ?? []),
      ];
      for (const sub of subs) {
        if (sub.appid !== undefined && sub.appid !== message.appid) continue;
        try {
          sub.listener(message);
        } catch (err) {
          this.ctx.log.warn({ err, messageId: message.id }, 'live stream listener failed');
        }
      }
    }
  }

  /**
   * PostgreSQL: resolves once this node LISTENs on the messages channel,
   * connecting on first use. Concurrent callers share one attempt.
   */
  listen(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Ends every subscription, gives back the LISTEN connection and waits for deliveries in flight. */
  async close(): Promise<void> {
    this.closed = true;
    this.endAll('closing');
    await this.connecting?.catch(() => undefined);
    this.dropClient();
    await this.deliveries;
  }

  private async connect(): Promise<void> {
    const pool = this.ctx.database.pool;
    if (!pool) throw new Error('LISTEN needs PostgreSQL');
    const client = await pool.connect();
    let released = false;
    // The error and end events, a failed LISTEN and close() can all want to
    // drop the connection; pg throws on a second release.
    const drop = (err?: Error) => {
      if (released) return;
      released = true;
      if (this.client === client) this.client = null;
      // Destroyed rather than returned to the pool: it is still subscribed.
      client.release(err ?? true);
    };
    const lost = (err?: Error) => {
      if (released) return;
      this.ctx.log.warn(
        { err },
        'live stream LISTEN connection lost; ending subscriptions so clients resubscribe',
      );
      drop(err);
      this.endAll('connection_lost');
    };
    client.on('notification', (msg) => {
      if (msg.channel === MESSAGES_CHANNEL) this.onNotification(msg.payload ?? '');
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.query(`LISTEN ${MESSAGES_CHANNEL}`);
    } catch (err) {
      drop(err as Error);
      throw err;
    }
    if (this.closed || released) {
      drop();
      throw new Error('live stream closed while connecting');
    }
    this.client = client;
    this.dropClient = drop;
  }

  private onNotification(payload: string): void {
    const note = parseNotification(payload);
    if (!note) {
      this.ctx.log.warn({ payload: payload.slice(0, 200) }, 'ignored a malformed live stream notification');
      return;
    }
    // Most notifications are for users nobody on this node watches: no load
    // (unless an account stream is open, which may want any user's message).
    if (!this.wants(note.user_id)) return;
    this.deliveries = this.deliveries.then(() => this.loadAndDeliver(note));
  }

  private async loadAndDeliver(note: MessagesNotification): Promise<void> {
    if (this.closed || !this.wants(note.user_id)) return;
    let rows: MessageWithParties[];
    try {
      rows = await selectMessagesByIds(this.ctx.db, note.message_ids);
    } catch (err) {
      this.ctx.log.error(
        { err, userId: note.user_id },
        'could not load announced messages; ending that user’s streams',
      );
      this.endUser(note.user_id, 'load_failed');
      return;
    }
    const position = new Map(note.message_ids.map((id, i) => [id, i]));
    rows.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
    if (!this.closed) this.deliver(rows);
  }

  private wants(userId: string): boolean {
    return this.byUser.has(userId) || this.byAccount.size > 0;
  }

  private remove(sub: Subscription): boolean {
    const [map, key] = sub.userId === null ? [this.byAccount, sub.appid ?? ''] : [this.byUser, sub.userId];
    const set = map.get(key);
    if (!set?.delete(sub)) return false;
    this.count--;
    if (set.size === 0) map.delete(key);
    return true;
  }

  private end(sub: Subscription, reason: SubscriptionEndReason): void {
    if (!this.remove(sub)) return;
    try {
      sub.onEnd?.(reason);
    } catch (err) {
      this.ctx.log.warn({ err }, 'live stream end callback failed');
    }
  }

  private endUser(userId: string, reason: SubscriptionEndReason): void {
    for (const sub of [...(this.byUser.get(userId) ?? [])]) this.end(sub, reason);
  }

  private endAll(reason: SubscriptionEndReason): void {
    for (const userId of [...this.byUser.keys()]) this.endUser(userId, reason);
    for (const set of [...this.byAccount.values()]) for (const sub of [...set]) this.end(sub, reason);
  }
}

function parseNotification(payload: string): MessagesNotification | null {
  try {
    const parsed = MessagesNotificationSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// One hub per open database, not per process, so several test platforms in
// one process never see each other's messages.
const hubs = new WeakMap<DatabaseHandle, MessageHub>();

/** This database's hub, created on first use. */
export function messageHub(ctx: AppContext): MessageHub {
  let hub = hubs.get(ctx.database);
  if (!hub) {
    hub = new MessageHub(ctx);
    hubs.set(ctx.database, hub);
  }
  return hub;
}

/** This database's hub if anyone ever subscribed (publishing needs no hub of its own). */
export function existingMessageHub(ctx: AppContext): MessageHub | undefined {
  return hubs.get(ctx.database);
}

/** Live subscriptions on this node for this database (for tests and health checks). */
export function subscriberCount(ctx: AppContext): number {
  return hubs.get(ctx.database)?.size ?? 0;
}

/**
 * Ends every live subscription on this database (their `onEnd` gets
 * `closing`) and stops the LISTEN connection. Called when the app closes; a
 * later subscription starts afresh.
 */
export async function closeRealtime(ctx: AppContext): Promise<void> {
  const hub = hubs.get(ctx.database);
  if (!hub) return;
  hubs.delete(ctx.database);
  await hub.close();
}
