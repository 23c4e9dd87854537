/**
 * Text from outside (a developer server's answer, a client's body) made safe
 * to store: PostgreSQL text columns refuse U+0000, so NULs become U+FFFD.
 * Nothing else changes, so logs show what arrived.
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}
