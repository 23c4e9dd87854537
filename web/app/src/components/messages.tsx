import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, deliveryUrl, mediaUrl, type Delivery, type Message, type NotificationCard } from '../api.ts';
import { useT, type Strings } from '../i18n.ts';
import { formatXml } from './format-xml.ts';
import { Avatar, Sheet } from './ui.tsx';
import { Icon } from './icons.tsx';

/** One line for the chats list, as WeChat summarises a message. */
export function previewOf(m: Message, t: Strings): string {
  switch (m.msgtype) {
    case 'text':
      return (m.text?.content ?? '').replace(/<a [^>]*>(.*?)<\/a>/g, '$1');
    case 'image':
      return `[${t.image}]`;
    case 'voice':
      return `[${t.voice}]`;
    case 'video':
    case 'shortvideo':
      return `[${t.video}]`;
    case 'music':
      return `[${t.music}] ${m.music?.title ?? ''}`;
    case 'news':
      return `[${t.article}] ${m.news?.articles[0]?.title ?? ''}`;
    case 'mpnews':
      return `[${t.article}] ${m.mpnews?.articles?.[0]?.title ?? ''}`;
    case 'mpnewsarticle':
      return `[${t.article}]`;
    case 'mpvideo':
      return `[${t.video}] ${m.mpvideo?.title ?? ''}`;
    case 'images':
      return `[${t.image}]`;
    case 'notice':
      return m.notice?.content ?? '';
    case 'msgmenu':
      return m.msgmenu?.head_content ?? '';
    case 'miniprogrampage':
      return `[${t.miniProgram}] ${m.miniprogrampage?.title ?? ''}`;
    case 'wxcard':
      return `[${t.card}]`;
    case 'link':
      return `[Link] ${m.link?.title ?? ''}`;
    case 'location':
      return `[${t.location}] ${m.location?.label ?? ''}`;
    case 'template':
      return m.template?.title ?? '';
    case 'subscribe_notification':
      return m.subscribe_notification?.title ?? '';
    default:
      return `[${m.msgtype}]`;
  }
}

export interface BubbleActions {
  /** Opens an H5 page in the in-app browser. */
  openUrl: (url: string) => void;
  /** Opens a mass-sent or published article (the reader for this platform's article pages). */
  openArticle: (url: string) => void;
  /** Sends a text message (weixin://bizmsgmenu links). */
  sendText: (text: string) => void;
  /** Taps an option of a menu message: its text goes out with the option's id. */
  tapMenuOption: (option: { id: string; content: string }) => void;
}

/**
 * Text as WeChat renders it: `<a href>` tags and bare URLs become links (to
 * the in-app browser), and `weixin://bizmsgmenu` links send their option.
 */
function RichText({ text, actions }: { text: string; actions: BubbleActions }) {
  const parts: ReactNode[] = [];
  const pattern = /<a\s+[^>]*href=["']([^"']+)["'][^>]*>(.*?)<\/a>|(https?:\/\/[^\s<]+)/gi;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    const href = match[1] ?? match[3] ?? '';
    const label = match[2] ?? match[3] ?? href;
    parts.push(
      <a
        key={index}
        href={href}
        onClick={(e) => {
          e.preventDefault();
          if (href.startsWith('weixin://bizmsgmenu')) {
            const content = new URL(href.replace('weixin://', 'http://x/')).searchParams.get(
              'msgmenucontent',
            );
            actions.sendText(content ?? label);
          } else actions.openUrl(href);
        }}
      >
        {label}
      </a>,
    );
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <span className="gz-text">
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </span>
  );
}

export function NotificationCardView({
  card,
  accountName,
}: {
  card: NotificationCard;
  accountName?: string;
}) {
  return (
    <div className="gz-card gz-template">
      {accountName && <div className="gz-template-account">{accountName}</div>}
      <div className="gz-template-title">{card.title}</div>
      {card.rendered.map((line, i) => (
        <div key={i} className="gz-template-line" style={line.color ? { color: line.color } : undefined}>
          {line.text}
        </div>
      ))}
    </div>
  );
}

function Content({ m, actions }: { m: Message; actions: BubbleActions }) {
  const t = useT();
  const navigate = useNavigate();
  switch (m.msgtype) {
    case 'text':
      return <RichText text={m.text?.content ?? ''} actions={actions} />;
    case 'image':
      return <img className="gz-image" src={mediaUrl(m.image!.media_id)} alt={t.image} />;
    case 'voice':
      return (
        <div className="gz-voice">
          <audio controls preload="none" src={mediaUrl(m.voice!.media_id)} />
          {m.voice?.recognition && <div className="gz-voice-text">{m.voice.recognition}</div>}
        </div>
      );
    case 'video':
    case 'shortvideo': {
      const v = m.video ?? m.shortvideo!;
      return (
        <div className="gz-video">
          <video controls preload="none" src={mediaUrl(v.media_id)} />
          {m.video?.title && <div className="gz-card-title">{m.video.title}</div>}
        </div>
      );
    }
    case 'music':
      return (
        <div className="gz-card gz-music">
          <div className="gz-card-title">♪ {m.music?.title || t.music}</div>
          <div className="gz-card-desc">{m.music?.description}</div>
          {m.music?.musicurl && (
            <audio controls preload="none" src={m.music.hqmusicurl || m.music.musicurl} />
          )}
        </div>
      );
    case 'news': {
      const [first, ...rest] = m.news!.articles;
      return (
        <div className="gz-card gz-news">
          {first && (
            <button className="gz-news-first" onClick={() => actions.openUrl(first.url)}>
              {first.picurl && <img src={first.picurl} alt="" />}
              <span className="gz-news-title">{first.title}</span>
              {rest.length === 0 && first.description && (
                <span className="gz-card-desc">{first.description}</span>
              )}
            </button>
          )}
          {rest.map((a, i) => (
            <button key={i} className="gz-news-item" onClick={() => actions.openUrl(a.url)}>
              <span>{a.title}</span>
              {a.picurl && <img src={a.picurl} alt="" />}
            </button>
          ))}
        </div>
      );
    }
    case 'mpnews': {
      const [first, ...rest] = m.mpnews?.articles ?? [];
      if (!first) return <div className="gz-card">[{t.article}]</div>;
      return (
        <div className="gz-card gz-news">
          <button className="gz-news-first" onClick={() => actions.openArticle(first.url)}>
            {first.thumb_url && <img src={first.thumb_url} alt="" />}
            <span className="gz-news-title">{first.title}</span>
            {rest.length === 0 && first.digest && <span className="gz-card-desc">{first.digest}</span>}
          </button>
          {rest.map((a, i) => (
            <button key={i} className="gz-news-item" onClick={() => actions.openArticle(a.url)}>
              <span>{a.title}</span>
              {a.thumb_url && <img src={a.thumb_url} alt="" />}
            </button>
          ))}
        </div>
      );
    }
    case 'mpvideo':
      return (
        <div className="gz-video">
          <video controls preload="none" src={m.mpvideo?.video_url || mediaUrl(m.mpvideo!.media_id)} />
          {m.mpvideo?.title && <div className="gz-card-title">{m.mpvideo.title}</div>}
        </div>
      );
    case 'images':
      return (
        <div className="gz-images">
          {m.images?.media_ids.map((id) => (
            <img key={id} className="gz-image" src={mediaUrl(id)} alt={t.image} />
          ))}
          {m.images?.recommend && <div className="gz-card-desc">{m.images.recommend}</div>}
        </div>
      );
    case 'mpnewsarticle':
      return (
        <div className="gz-card">
          [{t.article}] {m.mpnewsarticle?.article_id}
        </div>
      );
    case 'msgmenu':
      return (
        <div className="gz-msgmenu">
          {m.msgmenu?.head_content && <div>{m.msgmenu.head_content}</div>}
          {m.msgmenu?.list.map((option) => (
            <a
              key={option.id}
              href="#"
              onClick={(e) => {
                e.preventDefault();
                actions.tapMenuOption(option);
              }}
            >
              {option.content}
            </a>
          ))}
          {m.msgmenu?.tail_content && <div>{m.msgmenu.tail_content}</div>}
        </div>
      );
    case 'miniprogrampage': {
      const mp = m.miniprogrampage!;
      return (
        <button
          className="gz-card gz-miniprogram"
          onClick={() =>
            navigate(
              `/miniprogram?appid=${encodeURIComponent(mp.appid)}&path=${encodeURIComponent(mp.pagepath)}`,
            )
          }
        >
          <span className="gz-card-caption">◎ {t.miniProgram}</span>
          <span className="gz-card-title">{mp.title}</span>
          <img src={mediaUrl(mp.thumb_media_id)} alt="" />
        </button>
      );
    }
    case 'wxcard':
      return (
        <div className="gz-card">
          🎫 {t.card} {m.wxcard?.card_id}
        </div>
      );
    case 'link':
      return (
        <button className="gz-card gz-link" onClick={() => actions.openUrl(m.link!.url)}>
          <span className="gz-card-title">{m.link?.title}</span>
          <span className="gz-card-desc">{m.link?.description}</span>
        </button>
      );
    case 'location':
      return (
        <div className="gz-card gz-location">
          <Icon name="pin" size={18} />{' '}
          {m.location?.label || `${m.location?.latitude}, ${m.location?.longitude}`}
        </div>
      );
    case 'template':
      return <NotificationCardView card={m.template!} />;
    case 'subscribe_notification':
      return <NotificationCardView card={m.subscribe_notification!} />;
    default:
      return <span>[{m.msgtype}]</span>;
  }
}

/** What crossed the wire for one bubble: the push XML, the developer server's answer, the message JSON. */
function RawSheet({ m, userId, onClose }: { m: Message; userId: string; onClose: () => void }) {
  const t = useT();
  const [delivery, setDelivery] = useState<Delivery | null | 'none'>(m.delivery_id ? null : 'none');
  useEffect(() => {
    if (m.delivery_id) api.delivery(userId, m.delivery_id).then(setDelivery, () => setDelivery('none'));
  }, [m.delivery_id, userId]);
  return (
    <Sheet title={t.showRaw} onClose={onClose}>
      <div className="gz-raw">
        {delivery === 'none' && <p className="gz-muted">{t.noDelivery}</p>}
        {delivery && delivery !== 'none' && (
          <>
            <h4>{t.rawPushed}</h4>
            <pre data-testid="raw-request">{formatXml(delivery.request_xml)}</pre>
            <h4>
              {t.rawReply} · {delivery.outcome}
            </h4>
            <pre data-testid="raw-reply">
              {delivery.reply_xml ? formatXml(delivery.reply_xml) : (delivery.error ?? '')}
            </pre>
            <a href={deliveryUrl(userId, delivery.id)} target="_blank" rel="noreferrer">
              {t.deliveryLog}: {delivery.id}
            </a>
          </>
        )}
        <h4>{t.rawMessage}</h4>
        <pre>{JSON.stringify(m, null, 2)}</pre>
      </div>
    </Sheet>
  );
}

/** A message bubble: the account's on the left, the follower's on the right, notices centred. */
export function Bubble({
  m,
  userId,
  accountName,
  accountAvatar,
  userName,
  userAvatar,
  actions,
}: {
  m: Message;
  userId: string;
  accountName: string;
  accountAvatar?: string;
  userName: string;
  userAvatar?: string;
  actions: BubbleActions;
}) {
  const t = useT();
  const [raw, setRaw] = useState(false);
  if (m.msgtype === 'notice') {
    return (
      <div className="gz-notice" data-testid="message">
        {m.notice?.content}
      </div>
    );
  }
  const mine = m.direction === 'in';
  const plain = m.msgtype === 'text' || m.msgtype === 'msgmenu';
  return (
    <div
      className={`gz-row ${mine ? 'gz-row-mine' : 'gz-row-theirs'}`}
      data-testid="message"
      data-msgtype={m.msgtype}
    >
      <span className="gz-row-avatar">
        {mine ? (
          <Avatar src={userAvatar} name={userName} />
        ) : (
          <Avatar src={accountAvatar} name={accountName} />
        )}
      </span>
      <div className="gz-row-body">
        <div className={plain ? 'gz-bubble' : 'gz-bubble-card'}>
          <Content m={m} actions={actions} />
        </div>
        <button className="gz-raw-toggle" onClick={() => setRaw(true)}>
          {t.showRaw}
        </button>
      </div>
      {raw && <RawSheet m={m} userId={userId} onClose={() => setRaw(false)} />}
    </div>
  );
}
