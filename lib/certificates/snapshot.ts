/**
 * A downloaded set of platform certificates as plain JSON, the form it takes in a shared store. PEM text
 * is public, so the store needs no secrecy; every read is parsed again and checked, never trusted blindly.
 */
import { X509Certificate } from 'node:crypto';
import { PemUtil } from '../crypto/pem-util';

export interface DownloadedCertificate {
  /** Upper-case hex serial, as `Wechatpay-Serial` names it. */
  readonly serial: string;
  readonly pem: string;
  /** Milliseconds since the epoch. */
  readonly effectiveAt: number;
  readonly expiresAt: number;
}

export interface CertificateSnapshot {
  /** When the download was made, ms since the epoch. */
  readonly fetchedAt: number;
  /** Empty for a merchant in public-key mode (no platform certificates exist). */
  readonly certificates: readonly DownloadedCertificate[];
  /** True when `/v3/certificates` answered 404 RESOURCE_NOT_EXISTS. */
  readonly publicKeyOnly: boolean;
}

export function serializeSnapshot(snapshot: CertificateSnapshot): string {
  return JSON.stringify(snapshot);
}

/** A stored snapshot, or undefined when the text is not one (a damaged entry is ignored, then overwritten). */
export function parseSnapshot(text: string | undefined): CertificateSnapshot | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<CertificateSnapshot>;
    if (typeof parsed.fetchedAt !== 'number' || !Array.isArray(parsed.certificates)) return undefined;
    const certificates = parsed.certificates.map(checkedEntry);
    if (certificates.some((c) => c === undefined)) return undefined;
    return { fetchedAt: parsed.fetchedAt, certificates: certificates as DownloadedCertificate[], publicKeyOnly: parsed.publicKeyOnly === true };
  } catch {
    return undefined;
  }
}

/** The entry, if its PEM parses and carries the serial the entry claims. */
function checkedEntry(entry: Partial<DownloadedCertificate>): DownloadedCertificate | undefined {
  if (typeof entry?.pem !== 'string' || typeof entry.serial !== 'string') return undefined;
  try {
    if (PemUtil.parseCertificateSerialNo(entry.pem) !== entry.serial) return undefined;
    const certificate = new X509Certificate(entry.pem);
    return { serial: entry.serial, pem: entry.pem, effectiveAt: Date.parse(certificate.validFrom), expiresAt: Date.parse(certificate.validTo) };
  } catch {
    return undefined;
  }
}
