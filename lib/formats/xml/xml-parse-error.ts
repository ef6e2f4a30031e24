import { InvalidArgumentException } from '../../errors';
import { ErrorCode } from '../../errors/codes.cjs';

/**
 * The XML text could not be read: malformed markup, a DOCTYPE (refused so that no entity is ever
 * expanded), an undefined entity, bytes that are not UTF-8.
 *
 * It extends `InvalidArgumentException`, so it is branded like the rest of the tree (`instanceof`
 * holds across package copies) and a PHP-style `catch (InvalidArgumentException)` still catches
 * it. The APIv2 client turns it into a `RequestException` when the bad XML is a response.
 * The message names the problem and where, never the document's content.
 */
export class XmlParseError extends InvalidArgumentException {
  static override readonly brandName: string = 'XmlParseError';
  override readonly code: string = ErrorCode.XML_PARSE;
  /**
   * Where the problem was found, in UTF-16 code units of the text as read: decoded from UTF-8,
   * without a BOM or characters XML cannot carry, line ends normalised to LF.
   */
  readonly offset: number;
  /** The problem, without the `Parsing the XML failed at offset N:` prefix. */
  readonly reason: string;

  constructor(reason: string, offset: number) {
    // The offset goes first: a reason ends with the element it names, so `redact()`'s rule for
    // `<sign>…` values finds nothing after a `<sign>` to mask.
    super(`Parsing the XML failed at offset ${offset}: ${reason}`);
    this.reason = reason;
    this.offset = offset;
  }
}
