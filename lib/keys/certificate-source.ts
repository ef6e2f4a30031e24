/**
 * `certs` as the client takes them: a live `CertificateSource` (a `CertificateStore` the downloader
 * keeps filling), or a plain `{ [serial]: key }` object whose keys are `KeyObject`s or anything
 * `Rsa.from` reads as a public key. A plain object is read once and remembered, so a handler that
 * passes the same object on every call does not re-parse PEM text per notification.
 */
import { CertificateStore, type CertificateSource } from './certificate-store';
import { Rsa, type RsaKeyInput } from '../crypto/rsa';
import { InvalidArgumentException } from '../errors';
import { loadKey } from './load-key';

export type CertsInput = CertificateSource | Readonly<Record<string, RsaKeyInput>>;

const parsedPlainObjects = new WeakMap<object, CertificateSource>();

export function certificateSourceOf(certs: CertsInput): CertificateSource {
  if (typeof certs !== 'object' || certs === null) {
    throw new InvalidArgumentException('`certs` must be a { serial: publicKey } object or a CertificateSource (e.g. a CertificateStore).');
  }
  if (isCertificateSource(certs)) return certs;
  const known = parsedPlainObjects.get(certs);
  if (known) return known;
  const entries = Object.entries(certs);
  if (entries.length === 0) {
    throw new InvalidArgumentException('`certs` is empty: give the WeChat Pay public key (PUB_KEY_ID_…) and/or the platform certificates, by serial.');
  }
  const store = new CertificateStore(entries.map(([serial, key]) => [serial, loadKey(key, Rsa.KEY_TYPE_PUBLIC, `\`certs['${serial}']\``)]));
  parsedPlainObjects.set(certs, store);
  return store;
}

/** A live source (a `CertificateStore`, a `CertificateManager`) rather than a plain `{ serial: key }` object. */
export function isCertificateSource(certs: unknown): certs is CertificateSource {
  if (typeof certs !== 'object' || certs === null) return false;
  const candidate = certs as Partial<Record<keyof CertificateSource, unknown>>;
  return typeof candidate.get === 'function' && typeof candidate.serials === 'function';
}
