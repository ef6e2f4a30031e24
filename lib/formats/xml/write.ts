/**
 * Writes data as XML the way wechatpay-php's `Transformer::toXml` (XMLWriter) does, byte for
 * byte on the inputs WeChat Pay uses, minus its one bug: a value containing `]]>` still gives
 * well-formed XML (the CDATA section is split).
 */
import { InvalidArgumentException } from '../../errors';
import { describeValue, scalarText } from '../../template/values';

/** A key that makes a good element name; any other key (an index, `a b`, `1st`) is written as the item name. */
const ELEMENT_NAME = /^[\p{L}_][\p{L}0-9._:-]*$/u;
/** Text holding one of these is written as CDATA, as XMLWriter's callers in PHP do. */
const NEEDS_CDATA = /[<>&"]/;
const ILLEGAL_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export interface XmlWriteOptions {
  /** Leave out `<?xml version="1.0" encoding="UTF-8"?>`. */
  readonly headless: boolean;
  /** One space per level and a line per element, as XMLWriter's `setIndent(true)`. */
  readonly indent: boolean;
  readonly root: string;
  /** Element name for keys that are not valid names (list indexes above all). */
  readonly item: string;
}

export function isElementName(name: string): boolean {
  return ELEMENT_NAME.test(name);
}

/** The key/value pairs of a value written as nested elements, or `undefined` when it is written as text. */
function entriesOf(value: unknown): Iterable<readonly [unknown, unknown]> | undefined {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) return value.entries();
  if (value instanceof Map) return value.entries();
  if (Symbol.iterator in value) return Array.from(value as Iterable<unknown>).entries();
  const proto: unknown = Object.getPrototypeOf(value);
  // A class with its own toString (Date, URL, a money type…) is written as that string, like PHP's Stringable.
  if (proto !== null && proto !== Object.prototype && (value as object).toString !== Object.prototype.toString) return undefined;
  return Object.entries(value);
}

function describe(path: readonly unknown[]): string {
  return path.length ? path.map(String).join('.') : '(root)';
}

/** PHP's `(string)` cast, for the values that have one; null and undefined write an empty element. */
function textOf(value: unknown, path: readonly unknown[]): string {
  if (value === undefined || value === null) return '';
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  const text = typeof value === 'object' ? String(value) : scalarText(value, '');
  if (text === undefined) throw new InvalidArgumentException(`toXml: the value at ${describe(path)} is ${describeValue(value)}, which has no XML text`);
  return text;
}

/** Character data: plain when it can be, else CDATA split around `]]>` and carriage returns so both survive a parser. */
function characterData(text: string, path: readonly unknown[]): string {
  const illegal = ILLEGAL_CHAR.exec(text);
  if (illegal) {
    const cp = illegal[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new InvalidArgumentException(`toXml: the value at ${describe(path)} contains U+${cp}, which XML 1.0 cannot carry`);
  }
  // A literal CR would reach the reader as LF (line-end normalisation); a reference keeps it.
  if (!NEEDS_CDATA.test(text)) return text.replace(/\r/g, '&#13;');
  const body = text.replace(/]]>/g, ']]]]><![CDATA[>').replace(/\r/g, ']]>&#13;<![CDATA[');
  return `<![CDATA[${body}]]>`;
}

class Writer {
  readonly #out: string[] = [];
  readonly #path: unknown[] = [];
  readonly #ancestors = new Set<object>();

  constructor(private readonly options: XmlWriteOptions) {}

  write(data: object): string {
    const { headless, indent, root } = this.options;
    if (!headless) this.#out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
    this.#element(root, data, 0);
    // XMLWriter ends the document with a newline, and every indented element line with one.
    if (!headless && !indent) this.#out.push('\n');
    return this.#out.join('');
  }

  #element(name: string, value: unknown, depth: number): void {
    const { indent } = this.options;
    const pad = indent ? ' '.repeat(depth) : '';
    const eol = indent ? '\n' : '';
    const entries = entriesOf(value);
    if (!entries) {
      this.#out.push(`${pad}<${name}>${characterData(textOf(value, this.#path), this.#path)}</${name}>${eol}`);
      return;
    }
    const container = value as object;
    if (this.#ancestors.has(container)) throw new InvalidArgumentException(`toXml: the data is circular at ${describe(this.#path)}`);
    this.#ancestors.add(container);
    const start = this.#out.length;
    this.#out.push(`${pad}<${name}>${eol}`);
    let empty = true;
    for (const [key, child] of entries) {
      empty = false;
      this.#path.push(key);
      this.#element(typeof key === 'string' && isElementName(key) ? key : this.options.item, child, depth + 1);
      this.#path.pop();
    }
    if (empty) this.#out[start] = `${pad}<${name}/>${eol}`;
    else this.#out.push(`${pad}</${name}>${eol}`);
    this.#ancestors.delete(container);
  }
}

/** The XML text of `data`'s entries as children of `root`. */
export function writeXml(data: object, options: XmlWriteOptions): string {
  for (const [option, name] of [['root', options.root], ['item', options.item]] as const) {
    if (!isElementName(name)) throw new InvalidArgumentException(`toXml: the ${option} name "${name}" is not a valid XML element name`);
  }
  return new Writer(options).write(data);
}
