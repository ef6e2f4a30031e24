/**
 * Reads a PKCS#12 (`.p12`) file into PEM texts. WeChat Pay's `apiclient_cert.p12` is encrypted
 * with legacy algorithms (RC2-40 for the certificate, 3DES for the key) that Node 20's OpenSSL 3
 * refuses without its legacy provider, so `tls.createSecureContext({ pfx })` fails on it; node-forge
 * decrypts them in JavaScript, and the PEMs work everywhere (`{ cert, key }` TLS options).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type Forge from 'node-forge';
import { InvalidArgumentException } from '../errors';

/** PEM texts ready for TLS options: `cert` is the key's certificate first, then any others in the file. */
export interface Pkcs12Pem {
  readonly cert: string;
  /** PKCS#8 (`-----BEGIN PRIVATE KEY-----`). */
  readonly key: string;
}

/** node-forge is loaded by the first .p12 read: only mutual TLS from a PKCS#12 file needs it. */
let loadedForge: typeof Forge | undefined;
function forge(): typeof Forge {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loadedForge ??= require('node-forge') as typeof Forge);
}

// forge's own wording for a wrong passphrase, wherever it notices it.
const WRONG_PASSPHRASE = /MAC could not be verified|wrong password|Failed to decrypt PKCS#12 SafeContents/i;

/** The certificate(s) and private key in `pfx`, opened with `passphrase` (for WeChat Pay: the mchid). */
export function readPkcs12(pfx: Uint8Array, passphrase: string): Pkcs12Pem {
  if (!(pfx instanceof Uint8Array) || pfx.length === 0) throw new InvalidArgumentException('readPkcs12: the .p12 content must be non-empty bytes.');
  if (typeof passphrase !== 'string') throw new InvalidArgumentException('readPkcs12: the passphrase must be a string.');

  let asn1: Forge.asn1.Asn1;
  try {
    asn1 = forge().asn1.fromDer(forge().util.createBuffer(Buffer.from(pfx).toString('binary')), false);
  } catch (error) {
    throw new InvalidArgumentException('readPkcs12: the content is not a PKCS#12 (.p12) file: it is not DER.', { cause: error });
  }
  let p12: Forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge().pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const forgeMessage = error instanceof Error ? error.message : '';
    if (WRONG_PASSPHRASE.test(forgeMessage)) {
      throw new InvalidArgumentException(
        "readPkcs12: the passphrase is wrong (WeChat Pay's apiclient_cert.p12 is protected with the merchant id, mchid).",
        { cause: error },
      );
    }
    throw new InvalidArgumentException('readPkcs12: the content is not a readable PKCS#12 (.p12) file.', { cause: error });
  }

  const bags = p12.safeContents.flatMap((contents) => contents.safeBags);
  const keys = bags.filter((bag) => bag.type === forge().pki.oids.pkcs8ShroudedKeyBag || bag.type === forge().pki.oids.keyBag).map(keyPemOf);
  const certs = bags.filter((bag) => bag.type === forge().pki.oids.certBag).map(certPemOf);
  if (keys.length !== 1) throw new InvalidArgumentException(`readPkcs12: expected one private key in the .p12 file, found ${keys.length}.`);
  if (certs.length === 0) throw new InvalidArgumentException('readPkcs12: the .p12 file holds no certificate.');

  const key = keys[0]!;
  const privateKey = createPrivateKey(key);
  const leaf = certs.findIndex((pem) => new X509Certificate(pem).checkPrivateKey(privateKey));
  if (leaf === -1) throw new InvalidArgumentException('readPkcs12: no certificate in the .p12 file matches its private key.');
  const ordered = [certs[leaf]!, ...certs.filter((_, index) => index !== leaf)];
  return { cert: withLf(ordered.join('')), key: withLf(key) };
}

/** forge writes CRLF line ends; PEM files on disk (and Node's own exports) use LF. */
function withLf(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}

function keyPemOf(bag: Forge.pkcs12.Bag): string {
  // forge parses RSA keys; for others it leaves the PrivateKeyInfo in `asn1`.
  const info = bag.key ? forge().pki.wrapRsaPrivateKey(forge().pki.privateKeyToAsn1(bag.key)) : bag.asn1;
  return forge().pki.privateKeyInfoToPem(info);
}

function certPemOf(bag: Forge.pkcs12.Bag): string {
  if (bag.cert) return forge().pki.certificateToPem(bag.cert);
  // A certificate forge cannot model (not RSA): keep its DER as it is.
  return forge().pem.encode({ type: 'CERTIFICATE', body: forge().asn1.toDer(bag.asn1).getBytes() });
}
