/**
 * A small, strict, single-pass XML reader for the subset WeChat Pay speaks: an XML declaration,
 * comments, processing instructions, elements, attributes, text and CDATA. It builds the shape
 * wechatpay-php's `Transformer::toArray` returns (see `XmlRecord`) directly, without a DOM.
 *
 * Deliberately absent: DTDs. Any `<!DOCTYPE` is refused, so no entity is ever declared, expanded
 * or fetched (no XXE, no "billion laughs"). Only the five predefined entities and numeric
 * character references are decoded. Every scan only moves forward (`indexOf`, character loops,
 * a sticky regex for non-ASCII names), so the time is linear in the input: about 15 ms per MB.
 */
import { XmlParseError } from './xml-parse-error';

/** An element's value: its text, or its children when it has some (and no text of its own). */
export type XmlNode = string | XmlRecord;

/**
 * The children of an element by name. A name that repeats among siblings holds a list, in
 * document order. Attributes of an element that has children sit under `@attributes`.
 */
export interface XmlRecord {
  [name: string]: XmlNode | XmlNode[];
}

/** As libxml's default: deeper documents are refused rather than risk the stack of a consumer. */
export const MAX_DEPTH = 256;

// XML 1.0 (5th ed.) Name productions, for names with non-ASCII characters (ASCII ones are scanned by hand).
const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
const NAME = new RegExp(`[${NAME_START}][${NAME_CHAR}]*`, 'uy');
/** Characters XML 1.0 cannot carry; dropped before parsing, as wechatpay-php's `sanitize` does. */
const ILLEGAL_CHARS = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+/gu;
/** A cheap pre-check: any control character, U+FFFE/U+FFFF or surrogate (only lone surrogates are illegal). */
const MAYBE_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const DECIMAL_REFERENCE = /^#[0-9]+$/;
const HEX_REFERENCE = /^#x[0-9A-Fa-f]+$/;

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// Character codes the scanner branches on.
const TAB = 0x09;
const LF = 0x0a;
const SPACE = 0x20;
const BANG = 0x21;
const AMPERSAND = 0x26;
const SLASH = 0x2f;
const SEMICOLON = 0x3b;
const LESS_THAN = 0x3c;
const EQUALS = 0x3d;
const GREATER_THAN = 0x3e;
const QUESTION = 0x3f;

/** Line ends are normalised to LF before scanning, so these are all the blanks. */
function isBlank(c: number): boolean {
  return c === SPACE || c === LF || c === TAB;
}

function isBlankText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/** ASCII name characters: letters, digits, `_ : . -`. */
function isAsciiNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2e || c === 0x2d;
}

/** Where a reference's name ends: at a blank, `&`, `;` or `<`. */
function isReferenceEnd(c: number): boolean {
  return isBlank(c) || c === AMPERSAND || c === SEMICOLON || c === LESS_THAN || Number.isNaN(c);
}

/** The names in messages come from the input: keep them short. */
function shown(name: string): string {
  return name.length > 64 ? `${name.slice(0, 61)}...` : name;
}

function isLegalCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff)
    || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** The text of one reference body (`amp`, `#20013`, `#x4E2D`), or an error at `where`. */
function resolveReference(body: string, where: number): string {
  if (body.charCodeAt(0) !== 0x23 /* # */) {
    const predefined = PREDEFINED_ENTITIES[body];
    if (predefined === undefined) {
      throw new XmlParseError(`the entity &${shown(body)}; is not defined (only the five predefined entities are decoded)`, where);
    }
    return predefined;
  }
  const hex = HEX_REFERENCE.test(body);
  if (!hex && !DECIMAL_REFERENCE.test(body)) throw new XmlParseError(`the character reference &${shown(body)}; is malformed`, where);
  const cp = hex ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  if (!isLegalCodePoint(cp)) throw new XmlParseError(`the character reference &${shown(body)}; is not a legal XML character`, where);
  return String.fromCodePoint(cp);
}

/** Decodes `&lt;`-style and `&#…;` references in a run of text that starts at `offset`. */
function decodeReferences(raw: string, offset: number): string {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let copied = 0;
  while (amp !== -1) {
    let end = amp + 1;
    while (!isReferenceEnd(raw.charCodeAt(end))) end++;
    if (end === amp + 1) throw new XmlParseError("a bare '&' (write &amp;)", offset + amp);
    const body = raw.slice(amp + 1, end);
    if (raw.charCodeAt(end) !== SEMICOLON) throw new XmlParseError(`the reference &${shown(body)} lacks its ';'`, offset + amp);
    out += raw.slice(copied, amp) + resolveReference(body, offset + amp);
    copied = end + 1;
    amp = raw.indexOf('&', copied);
  }
  return out + raw.slice(copied);
}

/** An open element while its content is read. */
interface Frame {
  readonly name: string;
  readonly offset: number;
  readonly attributes: Record<string, string> | undefined;
  children: XmlRecord | undefined;
  text: string;
  /** Text other than blanks between tags: the element then reads as its text (mixed content flattened). */
  hasText: boolean;
}

function openFrame(name: string, offset: number, attributes: Record<string, string> | undefined): Frame {
  return { name, offset, attributes, children: undefined, text: '', hasText: false };
}

/** Sets a field, also when it is called `__proto__` (which `=` would turn into a prototype swap). */
function setField<T>(record: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
}

function hasField(record: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}

function addChild(record: XmlRecord, name: string, value: XmlNode): void {
  if (!hasField(record, name)) return setField(record, name, value);
  const previous = record[name]!;
  // Values are never lists otherwise, so a list here is the one repeated siblings started.
  if (Array.isArray(previous)) previous.push(value);
  else setField<XmlNode | XmlNode[]>(record, name, [previous, value]);
}

function newRecord(attributes: Record<string, string> | undefined): XmlRecord {
  const record: XmlRecord = {};
  if (attributes) record['@attributes'] = attributes;
  return record;
}

/** What an element becomes once closed: its children, or else its text ('' when empty). */
function valueOf(frame: Frame): XmlNode {
  return frame.children && !frame.hasText ? frame.children : frame.text;
}

class Reader {
  readonly #text: string;
  #at = 0;
  readonly #stack: Frame[] = [];
  #root: XmlRecord | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  read(): XmlRecord {
    const text = this.#text;
    this.#declaration();
    while (this.#at < text.length) {
      const lt = text.indexOf('<', this.#at);
      const end = lt === -1 ? text.length : lt;
      if (end > this.#at) this.#characters(this.#at, end);
      if (lt === -1) break;
      this.#at = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === SLASH) this.#endTag();
      else if (next === BANG) this.#markupDeclaration();
      else if (next === QUESTION) this.#processingInstruction();
      else this.#startTag();
    }
    const open = this.#top();
    if (open) throw new XmlParseError(`unclosed element <${shown(open.name)}>`, open.offset);
    if (!this.#root) throw new XmlParseError('no root element', text.length);
    return this.#root;
  }

  #fail(reason: string, offset = this.#at): never {
    throw new XmlParseError(reason, offset);
  }

  #top(): Frame | undefined {
    return this.#stack[this.#stack.length - 1];
  }

  /** `<?xml …?>`, allowed only first (leading blanks tolerated, as a lenient HTTP body reader would). */
  #declaration(): void {
    this.#skipBlanks();
    const start = this.#at;
    if (!/^<\?xml[ \t\n?]/.test(this.#text.slice(start, start + 6))) return;
    const end = this.#text.indexOf('?>', start);
    if (end === -1) this.#fail('unterminated XML declaration', start);
    this.#at = end + 2;
  }

  #characters(start: number, end: number): void {
    const raw = this.#text.slice(start, end);
    const frame = this.#top();
    if (!frame) {
      if (!isBlankText(raw)) this.#fail(this.#root ? 'text after the root element' : 'text before the root element', start);
      return;
    }
    const stray = raw.indexOf(']]>');
    if (stray !== -1) this.#fail("']]>' is not allowed in text", start + stray);
    const blank = isBlankText(raw);
    // Blanks between child elements are layout (libxml's NOBLANKS drops them too).
    if (blank && frame.children) return;
    frame.text += decodeReferences(raw, start);
    if (!blank) frame.hasText = true;
  }

  #markupDeclaration(): void {
    const text = this.#text;
    const at = this.#at;
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('--', at + 4);
      if (end === -1) this.#fail('unterminated comment', at);
      if (text.charCodeAt(end + 2) !== GREATER_THAN) this.#fail("'--' is not allowed inside a comment", end);
      this.#at = end + 3;
    } else if (text.startsWith('<![CDATA[', at)) {
      const frame = this.#top();
      if (!frame) this.#fail('CDATA outside the root element', at);
      const end = text.indexOf(']]>', at + 9);
      if (end === -1) this.#fail('unterminated CDATA section', at);
      if (end > at + 9) {
        frame.text += text.slice(at + 9, end);
        frame.hasText = true;
      }
      this.#at = end + 3;
    } else if (text.startsWith('<!DOCTYPE', at)) {
      this.#fail('a DOCTYPE is refused (entities are never declared or expanded)', at);
    } else {
      this.#fail("unexpected '<!' markup", at);
    }
  }

  #processingInstruction(): void {
    const at = this.#at;
    this.#at = at + 2;
    const target = this.#name();
    if (target.toLowerCase() === 'xml') this.#fail('the XML declaration is only allowed at the start', at);
    const end = this.#text.indexOf('?>', this.#at);
    if (end === -1) this.#fail(`unterminated processing instruction <?${shown(target)}`, at);
    this.#at = end + 2;
  }

  /** An element or attribute name; ASCII names by hand, others by the full XML grammar. */
  #name(): string {
    const text = this.#text;
    const start = this.#at;
    let end = start;
    while (isAsciiNameChar(text.charCodeAt(end))) end++;
    const first = text.charCodeAt(start);
    if (text.charCodeAt(end) < 0x80 && end > start && !(first <= 0x39 && first >= 0x2d) /* not - . / 0-9 */) {
      this.#at = end;
      return text.slice(start, end);
    }
    NAME.lastIndex = start;
    const name = NAME.exec(text)?.[0];
    if (!name) this.#fail('expected a name');
    this.#at = NAME.lastIndex;
    return name;
  }

  /** Skips blanks; whether there were any. */
  #skipBlanks(): boolean {
    const start = this.#at;
    while (isBlank(this.#text.charCodeAt(this.#at))) this.#at++;
    return this.#at > start;
  }

  #startTag(): void {
    const text = this.#text;
    const start = this.#at;
    if (this.#root && this.#stack.length === 0) this.#fail('a second root element', start);
    if (this.#stack.length >= MAX_DEPTH) this.#fail(`elements nested deeper than ${MAX_DEPTH}`, start);
    this.#at = start + 1;
    const name = this.#name();
    let attributes: Record<string, string> | undefined;
    for (;;) {
      const spaced = this.#skipBlanks();
      const c = text.charCodeAt(this.#at);
      if (c === GREATER_THAN) {
        this.#at += 1;
        this.#stack.push(openFrame(name, start, attributes));
        return;
      }
      if (c === SLASH && text.charCodeAt(this.#at + 1) === GREATER_THAN) {
        this.#at += 2;
        this.#close(openFrame(name, start, attributes));
        return;
      }
      if (Number.isNaN(c)) this.#fail(`unclosed start tag <${shown(name)}>`, start);
      if (!spaced) this.#fail(`expected whitespace, '>' or '/>' in the start tag <${shown(name)}>`);
      attributes ??= {};
      this.#attribute(attributes);
    }
  }

  /** `name="value"` (or single quotes) into `attributes`. */
  #attribute(attributes: Record<string, string>): void {
    const text = this.#text;
    const at = this.#at;
    const name = this.#name();
    this.#skipBlanks();
    if (text.charCodeAt(this.#at) !== EQUALS) this.#fail(`expected '=' after the attribute ${shown(name)}`);
    this.#at += 1;
    this.#skipBlanks();
    const quote = text[this.#at];
    if (quote !== '"' && quote !== "'") this.#fail(`expected a quoted value for the attribute ${shown(name)}`);
    const valueStart = this.#at + 1;
    const valueEnd = text.indexOf(quote, valueStart);
    if (valueEnd === -1) this.#fail(`unterminated value of the attribute ${shown(name)}`, valueStart);
    const raw = text.slice(valueStart, valueEnd);
    const lt = raw.indexOf('<');
    if (lt !== -1) this.#fail(`'<' in the value of the attribute ${shown(name)}`, valueStart + lt);
    if (hasField(attributes, name)) this.#fail(`the attribute ${shown(name)} is repeated`, at);
    // Attribute-value normalisation: literal blanks become spaces, referenced ones stay.
    setField(attributes, name, decodeReferences(raw.replace(/[\t\n]/g, ' '), valueStart));
    this.#at = valueEnd + 1;
  }

  #endTag(): void {
    const start = this.#at;
    this.#at = start + 2;
    const name = this.#name();
    this.#skipBlanks();
    if (this.#text.charCodeAt(this.#at) !== GREATER_THAN) this.#fail(`expected '>' to end the closing tag </${shown(name)}>`);
    this.#at += 1;
    const frame = this.#stack.pop();
    if (!frame) this.#fail(`a closing tag </${shown(name)}> without an open element`, start);
    if (frame.name !== name) {
      this.#fail(`the closing tag </${shown(name)}> does not match the open element <${shown(frame.name)}>`, start);
    }
    this.#close(frame);
  }

  #close(frame: Frame): void {
    const parent = this.#top();
    if (!parent) {
      // The root's own text is not a field; its children (and attributes) are the result.
      this.#root = frame.children ?? newRecord(frame.attributes);
      return;
    }
    parent.children ??= newRecord(parent.attributes);
    addChild(parent.children, frame.name, valueOf(frame));
  }
}

/**
 * Reads `text` (already decoded) into the children of its root element.
 * @throws XmlParseError on anything outside the subset described above.
 */
export function parseXml(text: string): XmlRecord {
  let source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (MAYBE_ILLEGAL.test(source)) source = source.replace(ILLEGAL_CHARS, '');
  if (source.includes('\r')) source = source.replace(/\r\n?/g, '\n');
  return new Reader(source).read();
}
