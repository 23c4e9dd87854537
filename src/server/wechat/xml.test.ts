import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildXml, parseXml, XmlFormatError, xmlText } from './xml.ts';

describe('WeChat XML', () => {
  it('writes strings as CDATA, numbers bare, nested and repeated elements', () => {
    const xml = buildXml({
      ToUserName: 'gh_123456789abc',
      CreateTime: 1700000000,
      MsgId: 6349323426230210995n,
      SendPicsInfo: { Count: 2, PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } },
      Skipped: undefined,
    });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><CreateTime>1700000000</CreateTime>' +
        '<MsgId>6349323426230210995</MsgId><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item>' +
        '<item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>',
    );
  });

  it('splits "]]>" across CDATA sections exactly like the independent vector', () => {
    const vectors = JSON.parse(
      readFileSync(new URL('../../../test/fixtures/wechat/wechat-crypto.json', import.meta.url), 'utf8'),
    ) as {
      cases: { plaintext: string }[];
    };
    const withSplit = vectors.cases[1]!.plaintext;
    const content = '你好，公众号 ]]> 测试';
    expect(withSplit).toContain(buildXml({ Content: content }).slice(5, -6));
    expect(xmlText(parseXml(withSplit), 'Content')).toBe(content);
  });

  it('reads replies leniently: plain text, entities, whitespace, any order, 64-bit ids kept exact', () => {
    const reply = `
      <xml>
        <MsgType>text</MsgType>
        <Content><![CDATA[ hi ]]></Content>
        <Url>a&amp;b</Url>
        <FromUserName><![CDATA[gh_x]]></FromUserName>
        <MsgId>6349323426230210995</MsgId>
        <Empty></Empty>
      </xml>`;
    const doc = parseXml(reply);
    expect(xmlText(doc, 'MsgType')).toBe('text');
    expect(xmlText(doc, 'Url')).toBe('a&b');
    expect(xmlText(doc, 'MsgId')).toBe('6349323426230210995');
    expect(xmlText(doc, 'FromUserName')).toBe('gh_x');
  });

  it('refuses entity bombs, external entities, other roots, garbage and huge documents', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><a>&lol2;</a></xml>';
    const xxe = '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><a>&xxe;</a></xml>';
    for (const bad of [
      bomb,
      xxe,
      '<html><a>1</a></html>',
      '{"json":true}',
      '<xml><a>unclosed</xml>',
      `<xml><a>${'x'.repeat(1024 * 1024)}</a></xml>`,
    ]) {
      expect(() => parseXml(bad), bad.slice(0, 40)).toThrow(XmlFormatError);
    }
  });
});

describe('characters XML cannot carry', () => {
  it('drops C0 controls (but keeps tab, newline, CR) so receivers can parse the document', () => {
    const xml = buildXml({ Content: 'a\u0000b\u0007c\td\ne\rf\uFFFF' });
    expect(xml).toBe('<xml><Content><![CDATA[ab' + 'c\td\ne\rf]]></Content></xml>');
    expect(xmlText(parseXml(xml), 'Content')).toBe('abc\td\ne\nf');
  });
});
