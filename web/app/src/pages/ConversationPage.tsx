import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import jsQR from 'jsqr';
import {
  api,
  ApiError,
  articleRoute,
  type DispatchResult,
  type MenuButton,
  type VisibleMenu,
} from '../api.ts';
import { Bubble, type BubbleActions } from '../components/messages.tsx';
import { formatTime, NavBar, Sheet } from '../components/ui.tsx';
import { useT } from '../i18n.ts';
import { useStore } from '../store.tsx';
import { HERE } from '../bridge.ts';
import { Icon } from '../components/icons.tsx';

type Pending =
  | { kind: 'scan'; button: MenuButton }
  | { kind: 'photos'; button: MenuButton }
  | { kind: 'location'; button: MenuButton | null };

/** Reads a QR code out of a picture in the browser (what the phone's camera would do). */
export async function decodeQrFile(file: File): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.drawImage(bitmap, 0, 0);
  const data = g.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(data.data, data.width, data.height)?.data ?? null;
}

/**
 * One conversation: bubbles, the account's menu at the bottom (the one this
 * follower sees, conditional menus resolved by the platform), and the input
 * bar for text, photos, voice files and locations.
 */
export function ConversationPage() {
  const { appid = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const { user, follows, conversations, loadConversation, addMessages, markRead } = useStore();
  const [menu, setMenu] = useState<VisibleMenu | null>(null);
  const [mode, setMode] = useState<'menu' | 'input'>('menu');
  const [openParent, setOpenParent] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [plus, setPlus] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const follow = follows.find((f) => f.appid === appid);
  const messages = conversations[appid] ?? [];
  const userId = user?.id ?? '';

  useEffect(() => {
    if (!userId) return;
    loadConversation(appid).catch((err: Error) => setError(err.message));
    api.menu(userId, appid).then(
      (m) => {
        setMenu(m);
        setMode(m.button.length > 0 ? 'menu' : 'input');
      },
      () => setMode('input'),
    );
  }, [appid, userId, loadConversation]);

  useEffect(() => {
    markRead(appid);
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [messages.length, appid, markRead]);

  const handle = useCallback(
    async (work: Promise<DispatchResult>) => {
      setError(null);
      try {
        const result = await work;
        addMessages([result.message, ...result.replies]);
      } catch (err) {
        setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
      }
    },
    [addMessages],
  );

  // WeChat asks once per account before reporting location (LOCATION events), then
  // reports on entering the chat (1) or every 5 seconds while it is open (2).
  const [askLocation, setAskLocation] = useState(false);
  const [locationMode, setLocationMode] = useState(0);
  const consentKey = `gz.app.location.${userId}.${appid}`;
  useEffect(() => {
    if (!userId) return;
    api.account(appid, userId).then(
      (account) => {
        const mode = account.location_report ?? 0;
        setLocationMode(mode);
        if (mode > 0 && localStorage.getItem(consentKey) === null) setAskLocation(true);
      },
      () => undefined,
    );
  }, [appid, userId, consentKey]);
  const allowed = locationMode > 0 && !askLocation && localStorage.getItem(consentKey) === 'yes';
  useEffect(() => {
    if (!allowed) return;
    const report = () =>
      void handle(
        api.reportLocation(userId, appid, {
          latitude: HERE.latitude,
          longitude: HERE.longitude,
          precision: HERE.accuracy,
        }),
      );
    report();
    if (locationMode !== 2) return;
    const timer = setInterval(report, 5000);
    return () => clearInterval(timer);
  }, [allowed, locationMode, userId, appid, handle]);

  const sendText = useCallback(
    (content: string) => {
      if (!content.trim()) return;
      void handle(api.send(userId, appid, { msgtype: 'text', text: { content } }));
    },
    [handle, userId, appid],
  );
  // WeChat sends a menu-message tap as the option's text with its id (bizmsgmenuid).
  const tapMenuOption = useCallback(
    (option: { id: string; content: string }) => {
      void handle(
        api.send(userId, appid, {
          msgtype: 'text',
          text: { content: option.content, bizmsgmenuid: option.id },
        }),
      );
    },
    [handle, userId, appid],
  );

  const actions: BubbleActions = {
    openUrl: (url) =>
      navigate(
        articleRoute(url, 'conversation') ??
          `/web?url=${encodeURIComponent(url)}&appid=${encodeURIComponent(appid)}`,
      ),
    openArticle: (url) =>
      navigate(
        articleRoute(url, 'mass_send') ??
          `/web?url=${encodeURIComponent(url)}&appid=${encodeURIComponent(appid)}`,
      ),
    sendText,
    tapMenuOption,
  };

  async function uploadAndSend(type: 'image' | 'voice', file: File) {
    setPlus(false);
    try {
      const media = await api.upload(userId, appid, type, file);
      await handle(api.send(userId, appid, { msgtype: type, [type]: { media_id: media.media_id } }));
    } catch (err) {
      setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
    }
  }

  function press(button: MenuButton) {
    setOpenParent(null);
    const type = button.type ?? '';
    if (type === 'scancode_push' || type === 'scancode_waitmsg') return setPending({ kind: 'scan', button });
    if (type.startsWith('pic_')) return setPending({ kind: 'photos', button });
    if (type === 'location_select') return setPending({ kind: 'location', button });
    void handle(api.press(userId, appid, { button: button.path }));
    if (type === 'view' && button.url)
      navigate(
        articleRoute(button.url, 'menu') ??
          `/web?url=${encodeURIComponent(button.url)}&appid=${encodeURIComponent(appid)}`,
      );
    if (type === 'miniprogram')
      navigate(
        `/miniprogram?appid=${encodeURIComponent(button.appid ?? '')}&path=${encodeURIComponent(button.pagepath ?? '')}`,
      );
  }

  if (!user) return null;
  const accountName = follow?.account_name ?? appid;
  return (
    <div className="gz-page gz-conversation">
      <NavBar
        title={accountName}
        back
        right={
          <Link className="gz-icon-button" to={`/account/${appid}`} aria-label={t.accountProfile}>
            <Icon name="more" />
          </Link>
        }
      />
      <main className="gz-scroll gz-messages" data-testid="messages" onClick={() => setOpenParent(null)}>
        {messages.map((m, i) => (
          <Fragment key={m.id}>
            {/* WeChat prints the time above a message that follows a pause of five minutes or more. */}
            {(i === 0 || m.created_at - messages[i - 1]!.created_at >= 5 * 60_000) && (
              <div className="gz-time">{formatTime(m.created_at)}</div>
            )}
            <Bubble
              m={m}
              userId={user.id}
              accountName={accountName}
              userName={user.nickname}
              userAvatar={user.avatar_url || undefined}
              actions={actions}
            />
          </Fragment>
        ))}
        <div ref={bottom} />
      </main>
      {error && (
        <div className="gz-error" role="alert" onClick={() => setError(null)}>
          {error}
        </div>
      )}
      {mode === 'menu' && menu && menu.button.length > 0 ? (
        <footer className="gz-menubar" data-testid="menu">
          <button className="gz-menubar-switch" aria-label={t.keyboard} onClick={() => setMode('input')}>
            <Icon name="keyboard" />
          </button>
          {menu.button.map((b, i) => (
            <div key={i} className="gz-menubar-item">
              <button
                className="gz-menubar-button"
                onClick={() => (b.sub_button ? setOpenParent(openParent === i ? null : i) : press(b))}
              >
                {b.sub_button ? '≡ ' : ''}
                {b.name}
              </button>
              {openParent === i && b.sub_button && (
                <div className="gz-submenu" role="menu">
                  {b.sub_button.map((s, j) => (
                    <button key={j} role="menuitem" onClick={() => press(s)}>
                      {s.name}
                    </button>
                  ))}
                </div>
              )}
            </div>
          ))}
        </footer>
      ) : (
        <footer className="gz-inputbar">
          <div className="gz-inputbar-row">
            {menu && menu.button.length > 0 && (
              <button className="gz-menubar-switch" aria-label={t.menu} onClick={() => setMode('menu')}>
                <Icon name="menu" />
              </button>
            )}
            <form
              className="gz-inputbar-form"
              onSubmit={(e) => {
                e.preventDefault();
                sendText(text);
                setText('');
              }}
            >
              <input
                className="gz-input"
                value={text}
                placeholder={t.inputPlaceholder}
                aria-label={t.inputPlaceholder}
                onChange={(e) => setText(e.target.value)}
              />
              {text ? (
                <button className="weui-btn weui-btn_mini weui-btn_primary gz-send" type="submit">
                  {t.send}
                </button>
              ) : (
                <button className="gz-plus" type="button" aria-label="+" onClick={() => setPlus(!plus)}>
                  <Icon name="plus" size={20} />
                </button>
              )}
            </form>
          </div>
          {plus && (
            <div className="gz-plus-panel">
              <label className="gz-plus-item">
                <span>
                  <Icon name="image" size={28} />
                </span>
                {t.image}
                <input
                  type="file"
                  accept="image/*"
                  hidden
                  onChange={(e) => e.target.files?.[0] && void uploadAndSend('image', e.target.files[0])}
                />
              </label>
              <label className="gz-plus-item">
                <span>
                  <Icon name="mic" size={28} />
                </span>
                {t.voice}
                <input
                  type="file"
                  accept=".amr,.mp3,.spx,audio/*"
                  hidden
                  onChange={(e) => e.target.files?.[0] && void uploadAndSend('voice', e.target.files[0])}
                />
              </label>
              <button className="gz-plus-item" onClick={() => setPending({ kind: 'location', button: null })}>
                <span>
                  <Icon name="pin" size={28} />
                </span>
                {t.location}
              </button>
            </div>
          )}
        </footer>
      )}
      {askLocation && (
        <div className="gz-sheet-wrap" role="dialog" aria-label={t.locationConsentTitle}>
          <div className="weui-mask" />
          <div className="weui-dialog">
            <div className="weui-dialog__hd">
              <strong className="weui-dialog__title">{t.locationConsentTitle}</strong>
            </div>
            <div className="weui-dialog__bd">{t.locationConsent.replace('{name}', accountName)}</div>
            <div className="weui-dialog__ft">
              <button
                className="weui-dialog__btn weui-dialog__btn_default"
                onClick={() => {
                  localStorage.setItem(consentKey, 'no');
                  setAskLocation(false);
                }}
              >
                {t.deny}
              </button>
              <button
                className="weui-dialog__btn weui-dialog__btn_primary"
                onClick={() => {
                  localStorage.setItem(consentKey, 'yes');
                  setAskLocation(false);
                }}
              >
                {t.allow}
              </button>
            </div>
          </div>
        </div>
      )}
      {pending?.kind === 'scan' && (
        <ScanSheet
          onClose={() => setPending(null)}
          onResult={(result) => {
            setPending(null);
            void handle(api.press(userId, appid, { button: pending.button.path, scan_result: result }));
          }}
        />
      )}
      {pending?.kind === 'photos' && (
        <PhotosSheet
          onClose={() => setPending(null)}
          onFiles={async (files) => {
            setPending(null);
            try {
              const ids = [];
              for (const file of files) ids.push((await api.upload(userId, appid, 'image', file)).media_id);
              await handle(api.press(userId, appid, { button: pending.button.path, media_ids: ids }));
            } catch (err) {
              setError(String(err));
            }
          }}
        />
      )}
      {pending?.kind === 'location' && (
        <LocationSheet
          onClose={() => setPending(null)}
          onPick={(location) => {
            const button = pending.button;
            setPending(null);
            setPlus(false);
            void handle(
              button
                ? api.press(userId, appid, { button: button.path, location })
                : api.send(userId, appid, {
                    msgtype: 'location',
                    location: {
                      latitude: location.latitude,
                      longitude: location.longitude,
                      label: location.label,
                    },
                  }),
            );
          }}
        />
      )}
    </div>
  );
}

/** Asks for what a scan would read: typed, or decoded from a picture (scan buttons, the JS-SDK's scanQRCode). */
export function ScanSheet({
  onClose,
  onResult,
}: {
  onClose: () => void;
  onResult: (result: string) => void;
}) {
  const t = useT();
  const [value, setValue] = useState('');
  return (
    <Sheet title={t.scanForButton} onClose={onClose}>
      <form
        className="gz-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (value) onResult(value);
        }}
      >
        <input
          className="gz-input"
          placeholder={t.scanResult}
          aria-label={t.scanResult}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <label className="weui-btn weui-btn_default">
          {t.scanUpload}
          <input
            type="file"
            accept="image/*"
            hidden
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void decodeQrFile(file).then((text) => text && setValue(text));
            }}
          />
        </label>
        <button className="weui-btn weui-btn_primary" type="submit">
          {t.confirm}
        </button>
      </form>
    </Sheet>
  );
}

function PhotosSheet({
  onClose,
  onFiles,
}: {
  onClose: () => void;
  onFiles: (files: File[]) => Promise<void>;
}) {
  const t = useT();
  return (
    <Sheet title={t.pickPhotos} onClose={onClose}>
      <label className="weui-btn weui-btn_primary">
        {t.pickPhotos}
        <input
          type="file"
          accept="image/*"
          multiple
          hidden
          onChange={(e) => {
            const files = [...(e.target.files ?? [])].slice(0, 9);
            if (files.length) void onFiles(files);
          }}
        />
      </label>
    </Sheet>
  );
}

function LocationSheet({
  onClose,
  onPick,
}: {
  onClose: () => void;
  onPick: (location: { latitude: number; longitude: number; label: string; poiname: string }) => void;
}) {
  const t = useT();
  const [lat, setLat] = useState('39.9087');
  const [lng, setLng] = useState('116.3975');
  const [label, setLabel] = useState('北京市东城区天安门广场');
  return (
    <Sheet title={t.pickLocation} onClose={onClose}>
      <form
        className="gz-form"
        onSubmit={(e) => {
          e.preventDefault();
          const latitude = Number(lat);
          const longitude = Number(lng);
          if (Number.isFinite(latitude) && Number.isFinite(longitude))
            onPick({ latitude, longitude, label, poiname: label });
        }}
      >
        <label>
          {t.latitude}
          <input className="gz-input" value={lat} onChange={(e) => setLat(e.target.value)} />
        </label>
        <label>
          {t.longitude}
          <input className="gz-input" value={lng} onChange={(e) => setLng(e.target.value)} />
        </label>
        <label>
          {t.placeName}
          <input className="gz-input" value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <button className="weui-btn weui-btn_primary" type="submit">
          {t.send}
        </button>
      </form>
    </Sheet>
  );
}
