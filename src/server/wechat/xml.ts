import { XMLParser } from 'fast-xml-parser';

/**
 * WeChat's XML dialect (spec §2.2, §2.6, A.6): one `<xml>` root, strings in
 * CDATA, numbers bare, nested elements for a few events (ScanCodeInfo,
 * SendPicsInfo with repeated <item>).
 */

/** A value that can be written: strings become CDATA, numbers/bigints stay bare. */
export type XmlValue = string | number | bigint | XmlObject | XmlValue[];
export interface XmlObject {
  [element: string]: XmlValue | undefined;
}

/** Characters XML 1.0 cannot carry at all, even in CDATA (C0 controls but tab, LF, CR). */
// eslint-disable-next-line no-control-regex
const NON_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * CDATA that survives a literal "]]>" in the text by splitting the section.
 * Characters XML cannot hold are dropped, or the receiving parser would
 * refuse the whole document.
 */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NON_XML_CHARS, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function writeElement(name: string, value: XmlValue): string {
  if (Array.isArray(value)) return value.map((v) => writeElement(name, v)).join('');
  if (typeof value === 'number' || typeof value === 'bigint') return `<${name}>${value.toString()}</${name}>`;
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
  return `<${name}>${writeChildren(value)}</${name}>`;
}

function writeChildren(obj: XmlObject): string {
  return Object.entries(obj)
    .filter((entry): entry is [string, XmlValue] => entry[1] !== undefined)
    .map(([k, v]) => writeElement(k, v))
    .join('');
}

/** Renders `<xml>…</xml>` from fields in their given order. */
export function buildXml(fields: XmlObject): string {
  return `<xml>${writeChildren(fields)}</xml>`;
}

/** Why a document was refused; callers turn it into 47001 or a delivery failure. */
export class XmlFormatError extends Error {
  override name = 'XmlFormatError';
}

/** Largest document accepted from a developer server or a client. */
export const MAX_XML_BYTES = 1024 * 1024;

/** A parsed element: text, or children (repeated children become arrays). */
export type ParsedXml = { [element: string]: string | ParsedXml | (string | ParsedXml)[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  // Every value stays a string: "0012" and 64-bit MsgIds must not be coerced to numbers.
  parseTagValue: false,
  trimValues: true,
  cdataPropName: false,
  processEntities: true,
  htmlEntities: false,
});

/**
 * Parses a WeChat XML document leniently (CDATA or escaped text, any element
 * order, surrounding whitespace) and strictly where it matters: a `<xml>`
 * root, a size limit, and no DOCTYPE at all, so entity-expansion bombs and
 * external entities never reach the parser.
 */
export function parseXml(text: string): ParsedXml {
  if (Buffer.byteLength(text, 'utf8') > MAX_XML_BYTES) throw new XmlFormatError('document too large');
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new XmlFormatError('DOCTYPE and entity declarations are not allowed');
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed.startsWith('<')) throw new XmlFormatError('not an XML document');
  let doc: unknown;
  try {
    doc = parser.parse(trimmed, true);
  } catch (err) {
    throw new XmlFormatError(`malformed XML: ${(err as Error).message}`);
  }
  const root = (doc as Record<string, unknown> | undefined)?.xml;
  if (root === undefined) throw new XmlFormatError('root element must be <xml>');
  if (root === '' || root === null) return {};
  if (typeof root !== 'object') throw new XmlFormatError('<xml> must contain elements');
  return root as ParsedXml;
}

/** A child's text, or undefined when absent or not text. */
export function xmlText(node: ParsedXml, name: string): string | undefined {
  const value = node[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}
