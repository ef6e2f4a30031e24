/**
 * `partsBody(parts)`: a request body made of byte runs and file ranges — a multipart upload of a large file
 * is `[head bytes, { file }, tail bytes]`. It is an ordinary Readable for the promise verbs; the synchronous
 * verbs send the description instead and let the worker read the files, so nothing large is held in memory.
 */
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { InvalidArgumentException } from '../errors';
import { partsBody as build } from './exchange.cjs';
import type { BodyPart } from './exchange-types';

const isOffset = (value: unknown): boolean => value === undefined || (Number.isSafeInteger(value) && (value as number) >= 0);

function checked(parts: Iterable<BodyPart>): BodyPart[] {
  return Array.from(parts, (part, index) => {
    if (part instanceof Uint8Array) return part;
    const file = (part as Partial<Extract<BodyPart, { file: string }>> | null)?.file;
    if (typeof file !== 'string' || file === '') {
      throw new InvalidArgumentException(`body part ${index} must be a Buffer/Uint8Array or { file: path, start?, end? }`);
    }
    if (!isOffset(part.start) || !isOffset(part.end) || (part.end !== undefined && part.end < (part.start ?? 0))) {
      throw new InvalidArgumentException(`body part ${index} (${file}): start and end must be byte offsets with start ≤ end (end is inclusive)`);
    }
    return part;
  });
}

export function partsBody(parts: Iterable<BodyPart>): Readable {
  return build(checked(parts));
}

/**
 * The byte length of a parts body, for its Content-Length (otherwise it goes out chunked). Reads the
 * files' sizes, not their contents. `end` is inclusive and clipped to the file, as `fs.createReadStream` does.
 */
export function partsLength(parts: Iterable<BodyPart>): number {
  let total = 0;
  for (const part of checked(parts)) {
    if (part instanceof Uint8Array) {
      total += part.byteLength;
      continue;
    }
    const size = statSync(part.file).size;
    const start = Math.min(part.start ?? 0, size);
    const end = Math.min(part.end ?? size - 1, size - 1);
    total += Math.max(0, end - start + 1);
  }
  return total;
}
