/**
 * Reading a `GET /v3/certificates` answer (docs/protocol.md §4): each entry's `encrypt_certificate` is
 * AEAD_AES_256_GCM under the APIv3 key; the plaintext is the certificate PEM, whose serial must be the
 * entry's `serial_no`. As a stack entry inside the verifier, it hands what it decrypted to the keys the
 * verifier is about to use, so the download is checked with the certificates it carries.
 */
import { AesGcm } from '../crypto/aes-gcm';
import { PemUtil } from '../crypto/pem-util';
import { RequestException } from '../errors';
import type { Response } from '../message/response';
import { settle, valueEntry } from '../stack/settle';
import type { Middleware } from '../stack/types';
import type { DownloadedCertificate } from './snapshot';
import { ErrorCode } from '../errors/codes.cjs';

export const CERTIFICATES_UNREADABLE = ErrorCode.CERTIFICATES_UNREADABLE;

export interface EncryptedEntry {
  serial_no?: unknown;
  effective_time?: unknown;
  expire_time?: unknown;
  encrypt_certificate?: { algorithm?: unknown; nonce?: unknown; associated_data?: unknown; ciphertext?: unknown };
}

/** Why one entry cannot be read: `key` is an AES-GCM authentication failure, i.e. in practice a wrong APIv3 key. */
export interface EntryFailure {
  readonly kind: 'shape' | 'key' | 'not-certificate' | 'serial';
  readonly serial: string;
  /** The serial the decrypted certificate really has (kind `serial`). */
  readonly actual?: string;
  readonly message: string;
}

/** One `data[]` entry of a `/v3/certificates` answer: its certificate, or why it cannot be read. */
export function decryptCertificateEntry(entry: EncryptedEntry, apiv3Key: string): DownloadedCertificate | EntryFailure {
  const serial = typeof entry?.serial_no === 'string' ? entry.serial_no : '(no serial_no)';
  const failure = (kind: EntryFailure['kind'], message: string, actual?: string): EntryFailure => ({ kind, serial, message, ...(actual === undefined ? {} : { actual }) });
  const sealed = entry?.encrypt_certificate;
  if (sealed?.algorithm !== 'AEAD_AES_256_GCM') return failure('shape', `certificate ${serial} uses algorithm ${String(sealed?.algorithm)}, not AEAD_AES_256_GCM`);
  if (typeof sealed.ciphertext !== 'string' || typeof sealed.nonce !== 'string') return failure('shape', `certificate ${serial} lacks its ciphertext or nonce`);
  let pem: string;
  try {
    pem = AesGcm.decrypt(sealed.ciphertext, apiv3Key, sealed.nonce, typeof sealed.associated_data === 'string' ? sealed.associated_data : '');
  } catch {
    // The classic "Tag mismatch": the sender used another key, which in practice means ours is wrong.
    return failure('key', `the APIv3 key does not decrypt certificate ${serial} (AES-GCM authentication failed): check \`apiv3Key\``);
  }
  let actual: string;
  try {
    actual = PemUtil.parseCertificateSerialNo(pem);
  } catch {
    return failure('not-certificate', `certificate ${serial} decrypts to something that is not an X.509 certificate`);
  }
  if (actual !== serial) return failure('serial', `certificate ${serial} decrypts to a certificate with serial ${actual}`, actual);
  const certificate = PemUtil.loadCertificateFromString(pem);
  return { serial, pem, effectiveAt: Date.parse(certificate.validFrom), expiresAt: Date.parse(certificate.validTo) };
}

/** The `data[]` entries of a `/v3/certificates` body, or a sentence saying why there are none. */
export function certificateEntries(body: string): EncryptedEntry[] | string {
  let data: unknown;
  try {
    data = (JSON.parse(body) as { data?: unknown } | null)?.data;
  } catch {
    return 'the body is not JSON';
  }
  return Array.isArray(data) ? (data as EncryptedEntry[]) : 'the body has no `data` list';
}

/** The certificates in a `/v3/certificates` body, or a sentence saying why they cannot be read. */
export function decryptCertificates(body: string, apiv3Key: string): DownloadedCertificate[] | string {
  const entries = certificateEntries(body);
  if (typeof entries === 'string') return entries;
  const certificates: DownloadedCertificate[] = [];
  for (const entry of entries) {
    const result = decryptCertificateEntry(entry, apiv3Key);
    if ('kind' in result) return result.message;
    certificates.push(result);
  }
  return certificates;
}

/**
 * The entry: decrypts a 2xx answer and hands the certificates to `onDecrypted` before the verifier (which
 * runs after it on the way back) checks the answer's signature.
 */
export function certificateDecrypter(apiv3Key: string, onDecrypted: (response: Response, certificates: DownloadedCertificate[]) => void): Middleware {
  return valueEntry((next) => (request, options) =>
    settle(next(request, options), (response) => {
      if (response.getStatusCode() >= 300) return response;
      const result = decryptCertificates(response.text(), apiv3Key);
      if (typeof result === 'string') {
        throw new RequestException(`The platform certificates could not be read: ${result}.`, request, response, { code: CERTIFICATES_UNREADABLE });
      }
      onDecrypted(response, result);
      return response;
    }));
}
