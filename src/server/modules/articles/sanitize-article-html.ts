import sanitizeHtml from 'sanitize-html';
import { MEDIA_FILE_PREFIX } from '../media/media-url.ts';

/** A media file path on this platform: `/mmbiz/<media_id>` or one of its derived images. */
const MEDIA_PATH = /^\/mmbiz\/([A-Za-z0-9_-]{1,128})(\/(?:thumb|cover-2\.35|cover-1))?$/;

/** Every media id an article's HTML appears to point at (to look up before sanitising). */
export function mediaIdsIn(html: string): string[] {
  const ids = new Set<string>();
  for (const match of html.matchAll(/\/mmbiz\/([A-Za-z0-9_-]{1,128})/g)) ids.add(match[1]!);
  return [...ids];
}

/**
 * The root-relative path of one of our media files named by `value`
 * (absolute on any host, or already relative), when `isOwnMedia` accepts its
 * id; null otherwise. Keeping only the path means the page always loads the
 * file from the platform it is served by, whatever host the editor pasted.
 */
function ownMediaPath(value: string | undefined, isOwnMedia: (mediaId: string) => boolean): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value, 'http://platform.invalid');
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.search || url.hash || url.username || url.password) return null;
  const match = MEDIA_PATH.exec(url.pathname);
  if (!match || !isOwnMedia(match[1]!)) return null;
  return `${MEDIA_FILE_PREFIX}/${match[1]!}${match[2] ?? ''}`;
}

const LENGTH = /^-?\d+(\.\d+)?(px|em|rem|%|pt|vw)?$/;
const LENGTHS =
  /^(-?\d+(\.\d+)?(px|em|rem|%|pt|vw)?|auto)(\s+(-?\d+(\.\d+)?(px|em|rem|%|pt|vw)?|auto)){0,3}$/;
const COLOR = /^(#[0-9a-fA-F]{3,8}|rgba?\(\s*[\d.]+%?\s*(,\s*[\d.]+%?\s*){2,3}\)|[a-zA-Z]{3,20})$/;
// Values are matched whole against these; anything with url(), expression()
// or another function falls through and the declaration is dropped.
const STYLES: Record<string, RegExp[]> = {
  color: [COLOR],
  'background-color': [COLOR],
  'font-size': [LENGTH],
  'font-weight': [/^(normal|bold|bolder|lighter|[1-9]00)$/],
  'font-style': [/^(normal|italic)$/],
  'text-align': [/^(left|right|center|justify)$/],
  'text-decoration': [/^(none|underline|line-through)$/],
  'text-indent': [LENGTH],
  'line-height': [LENGTH],
  'letter-spacing': [LENGTH],
  margin: [LENGTHS],
  'margin-top': [LENGTH],
  'margin-bottom': [LENGTH],
  'margin-left': [LENGTH],
  'margin-right': [LENGTH],
  padding: [LENGTHS],
  'padding-top': [LENGTH],
  'padding-bottom': [LENGTH],
  'padding-left': [LENGTH],
  'padding-right': [LENGTH],
  width: [LENGTH],
  'max-width': [LENGTH],
  height: [LENGTH],
  'border-radius': [LENGTHS],
};

/**
 * Article HTML as followers may see it (WeChat's editor's rich text):
 * headings, paragraphs, lists, quotes, emphasis, tables, links to http(s)
 * pages, images and videos from this account's own media (`/mmbiz/...`, the
 * URLs media/uploadimg and add_material hand out), and a safe subset of
 * inline styles. Scripts, event handlers, `javascript:`/`data:` URLs,
 * iframes, forms and style functions (url(), expression()) do not survive.
 * Images and videos pointing elsewhere are dropped.
 */
export function sanitizeArticleHtml(html: string, isOwnMedia: (mediaId: string) => boolean): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'p',
      'br',
      'hr',
      'span',
      'div',
      'section',
      'strong',
      'b',
      'em',
      'i',
      'u',
      's',
      'del',
      'sub',
      'sup',
      'blockquote',
      'ul',
      'ol',
      'li',
      'a',
      'img',
      'video',
      'figure',
      'figcaption',
      'pre',
      'code',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      '*': ['style'],
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      video: ['src', 'poster', 'controls', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https'],
    allowedSchemesAppliedToAttributes: ['href', 'src', 'poster'],
    allowProtocolRelative: false,
    allowedStyles: { '*': STYLES },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow' },
      }),
      img: (tagName, attribs) => {
        const src = ownMediaPath(attribs.src, isOwnMedia);
        const { src: _src, ...rest } = attribs;
        return { tagName, attribs: src ? { ...rest, src } : rest };
      },
      video: (tagName, attribs) => {
        const src = ownMediaPath(attribs.src, isOwnMedia);
        const poster = ownMediaPath(attribs.poster, isOwnMedia);
        const { src: _src, poster: _poster, ...rest } = attribs;
        return {
          tagName,
          attribs: { ...rest, ...(src ? { src, controls: 'controls' } : {}), ...(poster ? { poster } : {}) },
        };
      },
    },
    // An image or video whose source was not ours is dropped whole, not left as an empty box.
    exclusiveFilter: (frame) => (frame.tag === 'img' || frame.tag === 'video') && !frame.attribs.src,
  });
}

/** The text of (sanitised) article HTML, for search and digests: tags dropped, entities decoded. */
export function articlePlainText(html: string): string {
  const text = sanitizeHtml(html.replace(/<(br|\/p|\/h\d|\/li|\/div|\/section)\b[^>]*>/gi, ' $&'), {
    allowedTags: [],
    allowedAttributes: {},
  });
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
