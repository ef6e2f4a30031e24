/**
 * `WeChatPay\Util\PemUtil`: certificates and their serial numbers, as keys of `certs` and as the
 * merchant `serial`.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { InvalidArgumentException } from '../errors';
import { isFileUrl, looksLikePem, readLocalFile } from './key-source';
import { Rsa } from './rsa';

export type CertificateInput = string | Uint8Array | X509Certificate;

export class PemUtil {
  private constructor() {}

  /**
   * The serial number as OpenSSL's `BN_bn2hex` prints it (PHP's `serialNumberHex`): upper-case hex, two
   * digits per byte, no leading `00` byte (0x00FF → `FF`, 0x0F → `0F`). Takes PEM text, a `file://`
   * path, DER/PEM bytes or an `X509Certificate`.
   */
  static parseCertificateSerialNo(cert: CertificateInput): string {
    const certificate =
      cert instanceof X509Certificate
        ? cert
        : typeof cert === 'string' && isFileUrl(cert)
          ? PemUtil.loadCertificate(cert)
          : certificateOf(cert, describe(cert));
    return bn2hex(certificate.serialNumber);
  }

  /** Reads a PEM or DER certificate file; the path may carry the `file://` prefix or not. */
  static loadCertificate(path: string): X509Certificate {
    if (typeof path !== 'string' || path === '') {
      throw new InvalidArgumentException('PemUtil.loadCertificate expects a file path.');
    }
    return certificateOf(readLocalFile(path, 'the certificate'), `the file ${path}`);
  }

  /** Parses PEM text (or DER bytes) into an `X509Certificate`. PHP returns `false` here; we throw, naming the problem. */
  static loadCertificateFromString(pem: string | Uint8Array): X509Certificate {
    return certificateOf(pem, describe(pem));
  }

  /** @deprecated as in PHP 1.2.0: use `Rsa.from('file://' + path)`. */
  static loadPrivateKey(path: string): KeyObject {
    return Rsa.from(isFileUrl(path) ? path : `file://${path}`, Rsa.KEY_TYPE_PRIVATE);
  }

  /** @deprecated as in PHP 1.2.0: use `Rsa.from(pem)`. */
  static loadPrivateKeyFromString(pem: string): KeyObject {
    return Rsa.from(pem, Rsa.KEY_TYPE_PRIVATE);
  }
}

function certificateOf(input: unknown, source: string): X509Certificate {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new InvalidArgumentException(
      `Cannot read a certificate from ${source}: expected PEM text, a file:// path, bytes or an X509Certificate.`,
    );
  }
  try {
    return new X509Certificate(input);
  } catch (error) {
    throw new InvalidArgumentException(`Cannot read a certificate from ${source}: it is not a PEM or DER X.509 certificate.`, {
      cause: error,
    });
  }
}

function describe(input: unknown): string {
  if (typeof input === 'string') return looksLikePem(input) ? 'a PEM string' : input === '' ? 'an empty string' : 'a string';
  if (input instanceof Uint8Array) return 'bytes';
  return input === null ? 'null' : `a value of type ${typeof input}`;
}

/**
 * Node already prints serials through `BN_bn2hex`; this pins the form (upper case, even length, no
 * leading zero byte, `-` kept for the negative serials some old certificates carry) whatever node does.
 */
function bn2hex(serial: string): string {
  const negative = serial.startsWith('-');
  let digits = (negative ? serial.slice(1) : serial).toUpperCase().replace(/^(?:00)+(?=..)/, '');
  if (digits.length % 2 === 1) digits = `0${digits}`;
  return negative ? `-${digits}` : digits;
}
