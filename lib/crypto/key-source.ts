/**
 * Where key and certificate material comes from: `file://` paths and PEM text. Shared by `Rsa`
 * (keys) and `PemUtil` (certificates) so both read paths and split PEM the same way.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentException } from '../errors';

const FILE_URL_PREFIX = 'file://';

/** One `-----BEGIN <label>-----` … `-----END <label>-----` block of a PEM text. */
export interface PemBlock {
  readonly label: string;
  /** The whole block, markers included, as node's PEM parser wants it. */
  readonly text: string;
  /** The decoded body; `undefined` when the body has RFC 1421 headers (legacy `Proc-Type: 4,ENCRYPTED`). */
  readonly der: Buffer | undefined;
}

// The label is repeated in the END marker; the body is whatever lies between (CR/LF tolerated).
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function isFileUrl(text: string): boolean {
  return text.startsWith(FILE_URL_PREFIX);
}

export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/**
 * `file:///abs/key.pem` → `/abs/key.pem`, `file://rel/key.pem` → `rel/key.pem` (what OpenSSL reads under
 * PHP), a path without the prefix unchanged. The prefix is stripped, not URL-decoded, as PHP does.
 */
export function filePathOf(pathOrUrl: string): string {
  if (!isFileUrl(pathOrUrl)) return pathOrUrl;
  const path = pathOrUrl.slice(FILE_URL_PREFIX.length);
  // file:///C:/keys/apiclient_key.pem on Windows names C:/keys/…, not /C:/keys/….
  return /^\/[A-Za-z]:[\\/]/.test(path) ? path.slice(1) : path;
}

/** Reads a file named by a path or a `file://` URL; `what` names it in the error ("the private key"). */
export function readLocalFile(pathOrUrl: string, what: string): Buffer {
  const path = filePathOf(pathOrUrl);
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InvalidArgumentException(`Cannot read ${what} from the file ${path}: ${reason}.`, { cause: error });
  }
}

/** Every PEM block of `text`, in order; text around the blocks (comments, `openssl -text` output) is ignored. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const [whole, label, body] = match as unknown as [string, string, string];
    const hasHeaders = body.includes(':');
    blocks.push({ label, text: whole, der: hasHeaders ? undefined : Buffer.from(body.replace(/\s+/g, ''), 'base64') });
  }
  return blocks;
}
