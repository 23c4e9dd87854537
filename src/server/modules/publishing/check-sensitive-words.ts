import type { ArticleFields } from '../../db/schema.ts';
import { articleText } from '../drafts/check-draft-article.ts';

/**
 * The publish check's content rule: the 1-based numbers of the articles
 * whose title, author, digest or visible text contains one of `words`
 * (case-insensitively), as freepublish/get's `fail_idx` lists them. HTML
 * markup is not text: a word split by inline tags still matches, and one inside
 * an attribute does not.
 */
export function findFailingArticles(words: readonly string[], articles: readonly ArticleFields[]): number[] {
  const needles = words.map((w) => w.toLowerCase()).filter((w) => w !== '');
  if (needles.length === 0) return [];
  const failing: number[] = [];
  for (const [i, a] of articles.entries()) {
    const haystack = [a.title, a.author, a.digest, articleText(a.content)].join('\n').toLowerCase();
    if (needles.some((w) => haystack.includes(w))) failing.push(i + 1);
  }
  return failing;
}
