import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { api, type DeviceSession, type Follow, type Message, type User } from './api.ts';

/** Template messages and subscribe notifications live in the service-notifications feed, not the chat. */
export const isNotification = (m: Message) =>
  m.msgtype === 'template' || m.msgtype === 'subscribe_notification';

export const NOTIFICATIONS_KEY = '__notifications';

interface Store {
  session: DeviceSession | null;
  user: User | null;
  follows: Follow[];
  conversations: Record<string, Message[]>;
  notifications: Message[];
  /**
   * Newest created_at seen per chat, for unread badges: each account's from
   * the server's read mark (so it follows the user to any browser), the
   * notifications feed's from this browser.
   */
  lastRead: Record<string, number>;
  live: boolean;
  error: string | null;
  setSession: (session: DeviceSession) => void;
  switchUser: (userId: string) => void;
  refreshFollows: () => Promise<void>;
  loadConversation: (appid: string) => Promise<void>;
  addMessages: (messages: (Message | null | undefined)[]) => void;
  markRead: (key: string) => void;
  unreadCount: (key: string) => number;
}

const StoreContext = createContext<Store | null>(null);

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside StoreProvider');
  return store;
}

function sortById(messages: Message[]): Message[] {
  return messages.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function mergeInto(existing: Message[] | undefined, incoming: Message[]): Message[] {
  const byId = new Map((existing ?? []).map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return sortById([...byId.values()]);
}

const readKey = (userId: string) => `gz.app.read.${userId}`;

export function StoreProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<DeviceSession | null>(null);
  const [userId, setUserId] = useState<string | null>(() => localStorage.getItem('gz.app.user'));
  const [follows, setFollows] = useState<Follow[]>([]);
  const [conversations, setConversations] = useState<Record<string, Message[]>>({});
  const [notifications, setNotifications] = useState<Message[]>([]);
  const [lastRead, setLastRead] = useState<Record<string, number>>({});
  // Unread counts the server gave with the follows list (it counts past the loaded page).
  const [serverUnread, setServerUnread] = useState<Record<string, number>>({});
  const [live, setLive] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userRef = useRef<string | null>(null);

  useEffect(() => {
    api.startSession().then(setSession, (err: Error) => setError(err.message));
  }, []);

  const user = useMemo(() => {
    if (!session) return null;
    return session.users.find((u) => u.id === userId) ?? session.users.at(-1) ?? null;
  }, [session, userId]);
  // Keyed by id: a session update (a new identity on the device) must not restart this one's stream.
  const currentId = user?.id ?? null;
  userRef.current = currentId;

  const switchUser = useCallback((id: string) => {
    localStorage.setItem('gz.app.user', id);
    setUserId(id);
  }, []);

  const addMessages = useCallback((incoming: (Message | null | undefined)[]) => {
    const list = incoming.filter((m): m is Message => !!m);
    const notes = list.filter(isNotification);
    const chat = list.filter((m) => !isNotification(m));
    if (notes.length) setNotifications((prev) => mergeInto(prev, notes));
    if (chat.length) {
      setConversations((prev) => {
        const next = { ...prev };
        for (const m of chat) next[m.appid] = mergeInto(next[m.appid], [m]);
        return next;
      });
    }
  }, []);

  const loadConversation = useCallback(async (appid: string) => {
    const id = userRef.current;
    if (!id) return;
    const page = await api.conversation(id, appid);
    if (userRef.current !== id) return;
    setConversations((prev) => ({
      ...prev,
      [appid]: mergeInto(
        prev[appid],
        page.items.filter((m) => !isNotification(m)),
      ),
    }));
  }, []);

  const refreshFollows = useCallback(async () => {
    const id = userRef.current;
    if (!id) return;
    const [list, feed] = await Promise.all([api.follows(id), api.notifications(id)]);
    if (userRef.current !== id) return;
    setFollows(list.items);
    setServerUnread(Object.fromEntries(list.items.map((f) => [f.appid, f.unread_count])));
    setLastRead((prev) => {
      const next = { ...prev };
      for (const f of list.items) next[f.appid] = Math.max(next[f.appid] ?? 0, f.read_up_to);
      return next;
    });
    setNotifications(sortById(feed.items));
    await Promise.all(list.items.filter((f) => f.subscribed).map((f) => loadConversation(f.appid)));
  }, [loadConversation]);

  // A different identity: its own chats, read marks and live stream.
  useEffect(() => {
    setFollows([]);
    setConversations({});
    setNotifications([]);
    if (!currentId) return;
    const saved = JSON.parse(localStorage.getItem(readKey(currentId)) ?? '{}') as Record<string, number>;
    setLastRead({ [NOTIFICATIONS_KEY]: saved[NOTIFICATIONS_KEY] ?? 0 });
    setServerUnread({});
    refreshFollows().catch((err: Error) => setError(err.message));
    const source = new EventSource(`/gz/v1/users/${encodeURIComponent(currentId)}/stream`);
    let opened = false;
    source.addEventListener('open', () => {
      setLive(true);
      // After a reconnect, what was published meanwhile is only in the database.
      if (opened) refreshFollows().catch(() => undefined);
      opened = true;
    });
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('message', (event: MessageEvent<string>) => {
      addMessages([JSON.parse(event.data) as Message]);
    });
    return () => {
      source.close();
      setLive(false);
    };
  }, [currentId, refreshFollows, addMessages]);

  const unreadCount = useCallback(
    (key: string) => {
      const list = key === NOTIFICATIONS_KEY ? notifications : (conversations[key] ?? []);
      const seen = lastRead[key] ?? 0;
      const loaded = list.filter((m) => m.direction === 'out' && m.created_at > seen).length;
      return Math.max(loaded, serverUnread[key] ?? 0);
    },
    [notifications, conversations, lastRead, serverUnread],
  );

  const markRead = useCallback(
    (key: string) => {
      if (!user) return;
      if (key === NOTIFICATIONS_KEY) {
        const newest = notifications.at(-1)?.created_at ?? 0;
        setLastRead((prev) => {
          if ((prev[key] ?? 0) >= newest) return prev;
          const next = { ...prev, [key]: newest };
          localStorage.setItem(readKey(user.id), JSON.stringify({ [key]: newest }));
          return next;
        });
        return;
      }
      if (unreadCount(key) === 0) return;
      const id = user.id;
      api.markRead(id, key).then(
        (mark) => {
          if (userRef.current !== id) return;
          setLastRead((prev) => ({ ...prev, [key]: Math.max(prev[key] ?? 0, mark.read_up_to) }));
          setServerUnread((prev) => ({ ...prev, [key]: 0 }));
        },
        (err: Error) => setError(err.message),
      );
    },
    [user, notifications, unreadCount],
  );

  const value: Store = {
    session,
    user,
    follows,
    conversations,
    notifications,
    lastRead,
    live,
    error,
    setSession,
    switchUser,
    refreshFollows,
    loadConversation,
    addMessages,
    markRead,
    unreadCount,
  };
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}
