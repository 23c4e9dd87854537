import { describe, expect, it } from 'vitest';
import { articlePlainText, mediaIdsIn, sanitizeArticleHtml } from './sanitize-article-html.ts';

const OWN = 'OwnMedia_1-abc';
const clean = (html: string) => sanitizeArticleHtml(html, (id) => id === OWN);

describe('sanitizeArticleHtml (hostile input)', () => {
  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<p onclick="alert(1)" onmouseover=alert(2)>hi</p>', '<p>hi</p>'],
    ['<img src=x onerror=alert(1)>', ''],
    ['<svg onload=alert(1)><circle/></svg>', ''],
    ['<iframe src="https://evil.example/"></iframe>', ''],
    ['<object data="x.swf"></object><embed src="x.swf">', ''],
    ['<form action="https://evil.example/"><input name=a><button>go</button></form>', 'go'],
    ['<style>body{display:none}</style><p>x</p>', '<p>x</p>'],
    ['<math><mtext><script>alert(1)</script></mtext></math>', ''],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', '<p></p>'],
  ])('drops scripts, handlers and active elements: %s', (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    '&#106;avascript:alert(1)',
    'javascript&colon;alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    '//evil.example/x',
  ])('keeps no link to %s', (href) => {
    const out = clean(`<a href="${href}">link</a>`);
    expect(out).toBe('<a rel="noopener noreferrer nofollow">link</a>');
  });

  it('keeps http(s) links, marked rel=noopener', () => {
    expect(clean('<a href="https://example.com/a?b=1&amp;c=2" target="_blank">x</a>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">x</a>',
    );
  });

  it('keeps images and videos only from our own media, as root-relative /mmbiz paths', () => {
    expect(clean(`<img src="http://127.0.0.1:3000/mmbiz/${OWN}" alt="a">`)).toBe(
      `<img alt="a" src="/mmbiz/${OWN}" />`,
    );
    expect(clean(`<img src="/mmbiz/${OWN}/cover-2.35">`)).toBe(`<img src="/mmbiz/${OWN}/cover-2.35" />`);
    // Someone else's media, another path shape, queries and other schemes are dropped whole.
    expect(clean('<img src="/mmbiz/SomeoneElse">')).toBe('');
    expect(clean(`<img src="/mmbiz/${OWN}/../../admin">`)).toBe('');
    expect(clean(`<img src="/mmbiz/${OWN}?x=1">`)).toBe('');
    expect(clean(`<img src="data:image/png;base64,AAAA">`)).toBe('');
    expect(clean('<img src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/0">')).toBe('');
    expect(clean(`<img srcset="https://evil.example/x.png 2x" src="/mmbiz/${OWN}">`)).toBe(
      `<img src="/mmbiz/${OWN}" />`,
    );
    expect(
      clean(`<video src="/mmbiz/${OWN}" poster="javascript:alert(1)" autoplay onplay="x()"></video>`),
    ).toBe(`<video src="/mmbiz/${OWN}" controls="controls"></video>`);
    expect(clean('<video src="https://evil.example/v.mp4"></video>')).toBe('');
  });

  it('keeps safe inline styles and drops url(), expression() and unknown properties', () => {
    expect(
      clean(
        '<p style="color: #ff0000; font-size: 16px; background-image: url(javascript:alert(1)); width: expression(alert(1)); position: fixed; text-align: center">s</p>',
      ),
    ).toBe('<p style="color:#ff0000;font-size:16px;text-align:center">s</p>');
    expect(clean('<span style="color: red; behavior: url(x.htc)">s</span>')).toBe(
      '<span style="color:red">s</span>',
    );
  });

  it("keeps WeChat's rich text: headings, lists, quotes, emphasis, tables", () => {
    const html =
      '<h2>小标题</h2><p><strong>粗</strong><em>斜</em><br /></p><ul><li>一</li></ul><ol start="3"><li>三</li></ol><blockquote>引用</blockquote><table><tbody><tr><td colspan="2">格</td></tr></tbody></table>';
    expect(clean(html)).toBe(html);
  });

  it('finds the media ids a text points at, and its plain text for search', () => {
    expect(mediaIdsIn(`<img src="/mmbiz/${OWN}"><img src="http://h/mmbiz/B2/thumb">`)).toEqual([OWN, 'B2']);
    expect(articlePlainText('<h1>公众号</h1><p>文章 &amp; 图文&lt;b&gt;</p>')).toBe('公众号 文章 & 图文<b>');
  });
});
