import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, type ReaderArticle } from '../api.ts';
import { NavBar, Sheet } from '../components/ui.tsx';
import { useT } from '../i18n.ts';
import { useStore } from '../store.tsx';

const SOURCES = [
  'conversation',
  'mass_send',
  'moments',
  'friend_share',
  'search',
  'profile',
  'menu',
  'other',
];

/**
 * The article reader: the article itself (its HTML sanitised by the
 * platform), 阅读 count, 赞 and 在看, sharing to a friend or to Moments, and
 * 留言. Opening it counts a read with where it was opened from.
 */
export function ArticlePage() {
  const { articleId = '' } = useParams();
  const [params] = useSearchParams();
  const t = useT();
  const { user } = useStore();
  const [article, setArticle] = useState<ReaderArticle | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const [comment, setComment] = useState('');
  const source = SOURCES.includes(params.get('source') ?? '') ? params.get('source')! : 'other';
  const userId = user?.id ?? '';

  // One read per opening: React may run this effect twice for one mount (StrictMode).
  const counted = useRef<string | null>(null);
  useEffect(() => {
    const key = `${userId}/${articleId}`;
    if (!userId || counted.current === key) return;
    counted.current = key;
    api.readArticle(userId, articleId, source).then(setArticle, (err: Error) => setError(err.message));
  }, [userId, articleId, source]);

  const run = (work: Promise<ReaderArticle>) =>
    work.then(setArticle, (err: unknown) =>
      setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err)),
    );

  if (!article) return <div className="gz-page">{error && <div className="gz-error">{error}</div>}</div>;
  if (article.deleted) {
    return (
      <div className="gz-page">
        <NavBar title={article.account_name} back />
        <p className="gz-empty">{t.articleDeleted}</p>
      </div>
    );
  }
  return (
    <div className="gz-page gz-article-page">
      <NavBar title={article.account_name} back />
      <main className="gz-scroll gz-article" data-testid="article">
        <h1 className="gz-article-title">{article.title}</h1>
        <div className="gz-article-meta">
          {article.author && <span>{article.author} </span>}
          <Link to={`/account/${article.appid}`}>{article.account_name}</Link>{' '}
          <span>{new Date(article.published_at).toLocaleDateString()}</span>
        </div>
        {article.show_cover_pic === 1 && article.cover_url && (
          <img className="gz-article-cover" src={article.cover_url} alt="" />
        )}
        {/* The platform sanitised this HTML when the article was stored (articles/sanitize-article-html.ts). */}
        <div className="gz-article-content" dangerouslySetInnerHTML={{ __html: article.content }} />
        <div className="gz-article-stats">
          <span data-testid="read-count">
            {t.reads} {article.read_count}
          </span>
          <button
            className={`gz-reaction${article.liked ? ' gz-reaction-on' : ''}`}
            aria-pressed={article.liked}
            onClick={() => void run(api.reactToArticle(userId, articleId, 'like', !article.liked, source))}
          >
            {t.like} {article.like_count}
          </button>
          <button
            className={`gz-reaction${article.wowed ? ' gz-reaction-on' : ''}`}
            aria-pressed={article.wowed}
            onClick={() => void run(api.reactToArticle(userId, articleId, 'wow', !article.wowed, source))}
          >
            {t.wow} {article.wow_count}
          </button>
          <button className="gz-reaction" onClick={() => setSharing(true)}>
            {t.share} {article.share_count}
          </button>
        </div>
        {error && <div className="gz-error">{error}</div>}
        <section className="gz-comments">
          <h3>{t.comments}</h3>
          {article.can_comment && (
            <form
              className="gz-inputbar-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!comment.trim()) return;
                void api.commentOnArticle(userId, articleId, comment, source).then(
                  () => {
                    setComment('');
                    return run(api.article(userId, articleId));
                  },
                  (err: unknown) =>
                    setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err)),
                );
              }}
            >
              <input
                className="gz-input"
                aria-label={t.writeComment}
                placeholder={t.writeComment}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <button className="weui-btn weui-btn_mini weui-btn_primary gz-send" type="submit">
                {t.send}
              </button>
            </form>
          )}
          <ul className="gz-comment-list">
            {article.comments.map((c) => (
              <li key={c.user_comment_id} data-testid="comment">
                <div className="gz-comment-head">
                  <strong>{c.nickname}</strong>
                  {c.mine && !c.elected && <span className="gz-muted"> · {t.commentPending}</span>}
                  {c.mine && (
                    <button
                      className="gz-raw-toggle"
                      onClick={() =>
                        void api
                          .deleteArticleComment(userId, articleId, c.user_comment_id)
                          .then(() => run(api.article(userId, articleId)))
                      }
                    >
                      {t.delete}
                    </button>
                  )}
                </div>
                <div>{c.content}</div>
                {c.reply && <div className="gz-comment-reply">{c.reply.content}</div>}
              </li>
            ))}
          </ul>
        </section>
      </main>
      {sharing && (
        <Sheet title={t.share} onClose={() => setSharing(false)}>
          <div className="gz-form">
            <button
              className="weui-btn weui-btn_primary"
              onClick={() => {
                setSharing(false);
                void run(api.shareArticle(userId, articleId, 'friend', source));
              }}
            >
              {t.shareToFriend}
            </button>
            <button
              className="weui-btn weui-btn_default"
              onClick={() => {
                setSharing(false);
                void run(api.shareArticle(userId, articleId, 'moments', source));
              }}
            >
              {t.shareToMoments}
            </button>
          </div>
        </Sheet>
      )}
    </div>
  );
}
