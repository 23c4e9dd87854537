import { describe, expect, it } from 'vitest';
import type { ArticleFields } from '../../db/schema.ts';
import { articleText, defaultDigest } from '../drafts/check-draft-article.ts';
import { findFailingArticles } from './check-sensitive-words.ts';

function article(fields: Partial<ArticleFields>): ArticleFields {
  return {
    article_type: 'news',
    title: 'Title',
    author: '',
    digest: '',
    content: '<p>text</p>',
    content_source_url: '',
    thumb_media_id: 'm',
    show_cover_pic: 0,
    need_open_comment: 0,
    only_fans_can_comment: 0,
    pic_crop_235_1: '',
    pic_crop_1_1: '',
    image_info: null,
    ...fields,
  };
}

describe('articleText', () => {
  it('keeps the visible text: scripts and styles gone, entities read, paragraphs apart', () => {
    expect(articleText('<style>p{}</style><p>a &amp; b</p><p>c&lt;d</p><script>x()</script>')).toBe(
      'a & b c<d',
    );
    expect(articleText('<p>wo<b>rd</b></p>\n\n<br/>next')).toBe('word next');
  });

  it('takes 54 code points for the default digest', () => {
    expect(defaultDigest(`<p>${'😀'.repeat(60)}</p>`)).toBe('😀'.repeat(54));
  });
});

describe('findFailingArticles', () => {
  it('names the 1-based articles with a word in the title, author, digest or text, ignoring case and markup', () => {
    const articles = [
      article({ content: '<a href="https://bad.example">link</a>' }),
      article({ author: 'BAD author' }),
      article({ digest: 'fine' }),
      article({ content: '<p>b<i>ad</i></p>' }),
      article({ title: '含有违禁词' }),
    ];
    expect(findFailingArticles(['bad', '违禁'], articles)).toEqual([2, 4, 5]);
    expect(findFailingArticles([], articles)).toEqual([]);
    expect(findFailingArticles([''], articles)).toEqual([]);
  });
});
