/**
 * A directory as a store, so several processes on one machine (cluster workers, cron jobs) share what one
 * of them fetched. Writes go to a temporary file that is then renamed over the target: rename is atomic
 * on POSIX file systems, so a reader sees the old value or the new one, never half of one, and needs no lock.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { InvalidArgumentException } from '../errors';
import type { KeyValueStore } from './key-value-store';
import { expiryOf } from './memory-store';

export interface FileStoreOptions {
  /** The directory (created on first write). */
  readonly dir: string;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

interface FileRecord {
  readonly value: string;
  /** Milliseconds since the epoch; null for no expiry (JSON has no Infinity). */
  readonly expiresAt: number | null;
}

export class FileStore implements KeyValueStore {
  readonly #dir: string;
  readonly #now: () => number;

  constructor(options: FileStoreOptions) {
    if (typeof options?.dir !== 'string' || options.dir === '') throw new InvalidArgumentException('FileStore needs `dir`, the directory to keep its files in.');
    this.#dir = options.dir;
    this.#now = options.now ?? Date.now;
  }

  async get(key: string): Promise<string | undefined> {
    let text: string;
    try {
      text = await readFile(this.#path(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const record = parseRecord(text);
    if (record === undefined || (record.expiresAt !== null && record.expiresAt <= this.#now())) return undefined;
    return record.value;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    const expiresAt = expiryOf(ttlSeconds, this.#now());
    const record: FileRecord = { value, expiresAt: Number.isFinite(expiresAt) ? expiresAt : null };
    await mkdir(this.#dir, { recursive: true });
    const target = this.#path(key);
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(record), { mode: 0o600 });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  /** One file per key; the name is the key percent-encoded, so no key can reach outside the directory. */
  #path(key: string): string {
    return join(this.#dir, `${encodeURIComponent(key).replace(/\./g, '%2E')}.json`);
  }
}

/** A damaged or foreign file reads as absent: the next fetch overwrites it. */
function parseRecord(text: string): FileRecord | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<FileRecord>;
    if (typeof parsed.value !== 'string' || (parsed.expiresAt !== null && typeof parsed.expiresAt !== 'number')) return undefined;
    return { value: parsed.value, expiresAt: parsed.expiresAt };
  } catch {
    return undefined;
  }
}
