/**
 * Indents WeChat's flat push XML for reading (`<xml><ToUserName>…` on one
 * line as sent): one element per line, children indented, CDATA untouched.
 * Only for display; the delivery log link has the exact bytes.
 */
export function formatXml(xml: string): string {
  const tokens = xml.match(/<!\[CDATA\[[\s\S]*?\]\]>|<[^>]+>|[^<]+/g);
  if (!tokens) return xml;
  const lines: string[] = [];
  let depth = 0;
  let line = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      if (line) {
        lines.push(line + token);
        line = '';
      } else lines.push('  '.repeat(depth) + token);
    } else if (token.startsWith('<') && !token.startsWith('<![CDATA[') && !token.startsWith('<?')) {
      if (line) lines.push(line);
      line = '';
      const selfClosing = token.endsWith('/>');
      const next = tokens[i + 1] ?? '';
      // An element holding only text or CDATA stays on one line.
      const holdsText = next !== '' && (!next.startsWith('<') || next.startsWith('<![CDATA['));
      if (!selfClosing && holdsText) line = '  '.repeat(depth) + token;
      else lines.push('  '.repeat(depth) + token);
      if (!selfClosing) depth++;
    } else if (token.trim()) {
      line = line ? line + token : '  '.repeat(depth) + token;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
