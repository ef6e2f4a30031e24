/**
 * `wechatpay-ts certificates -k APIV3KEY -m MCHID -f KEYFILE -s SERIAL [-o OUTDIR] [-u BASEURI]`: the
 * PHP SDK's CertificateDownloader. The client starts with an empty live CertificateStore; an entry
 * just inside `verifier` decrypts each `data[].encrypt_certificate` with the APIv3 key and adds it to
 * the store, so the verifier then checks the very response with the certificate it carried. Only a
 * response that verified gets its certificates written, as `OUTDIR/wechatpay_SERIAL.pem`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder } from '../builder/builder';
import { certificateEntries, decryptCertificateEntry, type EncryptedEntry } from '../certificates/decrypt-certificates';
import { CertificateStore } from '../keys/certificate-store';
import { userAgent } from '../client/user-agent';
import { AesGcm } from '../crypto/aes-gcm';
import { Rsa } from '../crypto/rsa';
import { InvalidArgumentException } from '../errors';
import { Middleware } from '../stack/middleware';
import { parseArgs, stringOption, UsageError } from './args';
import { processIo, runReporting, type CommandIo } from './io';

const USAGE = `Usage: wechatpay-ts certificates -k APIV3KEY -m MCHID -f KEYFILE -s SERIAL [-o OUTDIR] [-u BASEURI] [--debug]

Downloads the WeChat Pay platform certificates (GET /v3/certificates), decrypts them with the APIv3 key,
verifies the response with them and saves each as OUTDIR/wechatpay_SERIAL.pem.

  -k, --key KEY          the APIv3 key (32 characters)
  -m, --mchid MCHID      the merchant id
  -f, --privatekey FILE  the merchant API private key (PEM file; file:// allowed)
  -s, --serialno SERIAL  the serial number of the merchant API certificate
  -o, --output DIR       where to save the certificates (default: the system temp directory)
  -u, --baseuri URI      the API host (default https://api.mch.weixin.qq.com/); also --base-uri
      --debug            print the exchange, and stack traces on failure
  -h, --help             this text;  -V, --version  the version`;

const SPEC = {
  short: { k: 'key', m: 'mchid', f: 'privatekey', s: 'serialno', o: 'output', u: 'baseuri', h: 'help', V: 'version' },
  aliases: { 'base-uri': 'baseuri', base_uri: 'baseuri' },
  booleans: ['help', 'version', 'debug'],
  names: ['key', 'mchid', 'privatekey', 'serialno', 'output', 'baseuri', 'help', 'version', 'debug'],
} as const;

/** One certificate of the `/v3/certificates` answer, decrypted. */
export interface DownloadedCertificate {
  readonly serial: string;
  readonly effectiveTime: string;
  readonly expireTime: string;
  readonly pem: string;
}

export async function runCertificatesCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  return runReporting('certificates', argv, io, async () => {
    const args = parseArgs(argv, SPEC);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument \`${args.positionals[0]}\``);
    if (args.options.has('help')) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (args.options.has('version')) {
      io.stdout(`${userAgent().split(' ')[0]}\n`);
      return 0;
    }
    const required = (name: string, flag: string, what: string): string => {
      const value = stringOption(args, name, flag);
      if (value === undefined || value === '') throw new UsageError(`missing ${flag} (${what})`);
      return value;
    };
    const apiv3Key = required('key', '-k/--key', 'the APIv3 key');
    const mchid = required('mchid', '-m/--mchid', 'the merchant id');
    const keyFile = required('privatekey', '-f/--privatekey', 'the merchant private key file');
    const serial = required('serialno', '-s/--serialno', 'the merchant certificate serial');
    const output = stringOption(args, 'output', '-o/--output') ?? tmpdir();
    const baseUri = stringOption(args, 'baseuri', '-u/--baseuri');
    if (Buffer.byteLength(apiv3Key) !== AesGcm.KEY_LENGTH_BYTE) {
      throw new UsageError(`the APIv3 key must be ${AesGcm.KEY_LENGTH_BYTE} bytes, got ${Buffer.byteLength(apiv3Key)}`);
    }

    const certificates = await downloadCertificates({
      apiv3Key,
      mchid,
      serial,
      privateKey: readPrivateKey(keyFile),
      ...(baseUri === undefined ? {} : { baseUri }),
      debug: args.options.has('debug') ? (line) => io.stderr(`${line}\n`) : undefined,
    });
    mkdirSync(output, { recursive: true });
    certificates.forEach((certificate, index) => {
      const path = resolve(output, `wechatpay_${certificate.serial}.pem`);
      writeFileSync(path, certificate.pem);
      io.stdout(describe(index, certificate, path));
    });
    return 0;
  });
}

export interface DownloadCertificatesOptions {
  readonly apiv3Key: string;
  readonly mchid: string;
  readonly serial: string;
  readonly privateKey: string;
  readonly baseUri?: string;
  readonly debug?: ((line: string) => void) | undefined;
}

/** The platform certificates, decrypted and proven: the response verified with one of them. */
export async function downloadCertificates(options: DownloadCertificatesOptions): Promise<DownloadedCertificate[]> {
  const store = new CertificateStore();
  const instance = Builder.factory({
    mchid: options.mchid,
    serial: options.serial,
    privateKey: options.privateKey,
    certs: store,
    ...(options.baseUri === undefined ? {} : { base_uri: options.baseUri }),
    ...(options.debug === undefined ? {} : { debug: options.debug }),
  });
  const decrypted: DownloadedCertificate[] = [];
  // Inside `verifier`: sees the response first, so the verifier can use what it adds to the store.
  instance.getDriver().select().handler.after(
    'verifier',
    Middleware.mapResponse((response) => {
      // A body that is not the certificate list is left to the verifier, which will refuse it.
      const rows = certificateEntries(response.text());
      for (const row of typeof rows === 'string' ? [] : rows) {
        const certificate = decrypt(row, options.apiv3Key);
        store.set(certificate.serial, Rsa.from(certificate.pem, Rsa.KEY_TYPE_PUBLIC));
        decrypted.push(certificate);
      }
      return response;
    }),
    'injector',
  );
  try {
    await instance.v3.certificates.getAsync();
  } finally {
    await instance.getDriver().close();
  }
  return decrypted;
}

/** The shared per-entry decryption, worded for the command line; the times are printed as WeChat Pay sent them. */
function decrypt(row: EncryptedEntry, apiv3Key: string): DownloadedCertificate {
  const result = decryptCertificateEntry(row, apiv3Key);
  if ('kind' in result) {
    if (result.kind === 'key') {
      throw new InvalidArgumentException(`Cannot decrypt the certificate ${row.serial_no}: the APIv3 key (-k) is probably wrong (AES-256-GCM authentication failed).`);
    }
    if (result.kind === 'serial') throw new InvalidArgumentException(`The certificate decrypted for serial_no ${row.serial_no} has the serial ${result.actual}.`);
    throw new InvalidArgumentException(`The platform certificates could not be read: ${result.message}.`);
  }
  return { serial: result.serial, effectiveTime: String(row.effective_time), expireTime: String(row.expire_time), pem: result.pem };
}

function readPrivateKey(file: string): string {
  const path = /^file:\/\//i.test(file) ? fileURLToPath(file) : file;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code ?? 'unreadable';
    throw new UsageError(`cannot read the private key file ${path}: ${why}`);
  }
  try {
    Rsa.from(text, Rsa.KEY_TYPE_PRIVATE);
  } catch {
    throw new UsageError(`the file ${path} holds no RSA private key in PEM form`);
  }
  return text;
}

function describe(index: number, certificate: DownloadedCertificate, path: string): string {
  return [
    `Certificate #${index} {`,
    `    Serial Number: ${certificate.serial}`,
    `    Not Before: ${certificate.effectiveTime}`,
    `    Not After: ${certificate.expireTime}`,
    `    Saved to: ${path}`,
    '    You may confirm the above again, even though it was verified here (the response signature checked out with it):',
    `      openssl x509 -in ${path} -noout -serial -dates`,
    '}',
    '',
  ].join('\n');
}
