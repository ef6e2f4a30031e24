/**
 * APIv2's XML ⇄ object conversion, as wechatpay-php's `WeChatPay\Transformer`.
 *
 * One deliberate difference: no entity is ever expanded. PHP (libxml) expands entities that a
 * document's DTD declares; we refuse any DOCTYPE with an `XmlParseError`, so neither an external
 * entity (XXE: local files, the network) nor a nested one ("billion laughs") can do anything.
 * Refusing is safer than keeping `&e;` as literal text, which would hand attacker-shaped values
 * to code that believes it holds parsed fields. PHP returns `[]` on a parse failure; we throw.
 */
import { parseXml, type XmlNode, type XmlRecord } from './xml/parse';
import { writeXml } from './xml/write';
import { XmlParseError } from './xml/xml-parse-error';

export { XmlParseError, type XmlNode, type XmlRecord };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class Transformer {
  private constructor() {}

  /**
   * The children of the root element (whatever its name) as an object: text-only and empty
   * children are strings (`'001'` stays a string, `<e/>` is `''`), children with children are
   * nested objects, repeated siblings are lists, CDATA is merged into the text, the root's (and
   * nested parents') attributes are under `@attributes`, mixed content reads as its text.
   * Empty input gives `{}`, as PHP. Bytes must be UTF-8.
   *
   * @throws XmlParseError for malformed XML, any DOCTYPE, an undefined entity or bytes that are not UTF-8.
   */
  static toArray(xml: string | Uint8Array = '<xml/>'): XmlRecord {
    let text: string;
    if (typeof xml === 'string') {
      text = xml;
    } else {
      try {
        text = utf8.decode(xml);
      } catch {
        throw new XmlParseError('the bytes are not valid UTF-8', 0);
      }
    }
    if (/^[\s\uFEFF]*$/.test(text)) return {};
    return parseXml(text);
  }

  /**
   * `data` as XML under `root`. A key that is a valid element name becomes the element, any
   * other key (list indexes) becomes `item`. Lists, Maps and plain objects nest; other values
   * are cast as PHP does (`true` → `1`, `false`/`null`/`undefined` → empty). Text holding
   * `< > & "` is written as CDATA, split so that `]]>` inside a value stays well-formed.
   *
   * @param headless leave out the `<?xml version="1.0" encoding="UTF-8"?>` line
   * @param indent one space per level, one line per element
   * @throws InvalidArgumentException for an invalid root/item name, circular data, or a value
   *   XML cannot hold (a function, a symbol, NaN, a control character)
   */
  static toXml(
    data: Readonly<Record<string, unknown>> | readonly unknown[] | ReadonlyMap<unknown, unknown>,
    headless = true,
    indent = false,
    root = 'xml',
    item = 'item',
  ): string {
    return writeXml(data, { headless, indent, root, item });
  }
}
