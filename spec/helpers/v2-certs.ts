/**
 * Certificates for APIv2 mutual-TLS tests, made with node-forge: a CA, a server certificate for
 * 127.0.0.1, and a merchant client certificate; plus `.p12` files shaped like WeChat Pay's
 * `apiclient_cert.p12` (certificate under RC2-40, key under 3DES, SHA-1 MAC), which is what
 * `openssl pkcs12 -export -legacy` writes and what OpenSSL 3 refuses without its legacy provider.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface PemPair {
  readonly cert: string;
  readonly key: string;
}

export interface MtlsCertificates {
  readonly ca: PemPair;
  /** For `https.createServer`; valid for IP 127.0.0.1 and `localhost`. */
  readonly server: PemPair;
  /** The merchant's API certificate (clientAuth), CN = the mchid as WeChat Pay issues them. */
  readonly client: PemPair;
}

const { asn1, pki } = forge;

function rsaKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

function issue(
  subject: forge.pki.CertificateField[],
  keyPem: string,
  issuer: { cert: forge.pki.Certificate; keyPem: string } | undefined,
  extensions: object[],
): string {
  const privateKey = pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = pki.createCertificate();
  cert.publicKey = pki.setRsaPublicKey(privateKey.n, privateKey.e);
  // Positive, no leading zero byte.
  cert.serialNumber = `4${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  cert.setExtensions(extensions);
  cert.sign(pki.privateKeyFromPem(issuer ? issuer.keyPem : keyPem), forge.md.sha256.create());
  return pki.certificateToPem(cert);
}

/** A fresh CA, server and client certificate (three RSA-2048 keys). */
export function makeMtlsCertificates(mchid = '1900000109'): MtlsCertificates {
  const caKey = rsaKeyPem();
  const caCert = issue([{ shortName: 'CN', value: 'wechatpay-ts test CA' }], caKey, undefined, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const issuer = { cert: pki.certificateFromPem(caCert), keyPem: caKey };

  const serverKey = rsaKeyPem();
  const serverCert = issue([{ shortName: 'CN', value: '127.0.0.1' }], serverKey, issuer, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);

  const clientKey = rsaKeyPem();
  const clientCert = issue(
    [
      { shortName: 'C', value: 'CN' },
      { shortName: 'O', value: 'Tenpay.com' },
      { shortName: 'OU', value: 'Tenpay.com CA Center' },
      { shortName: 'CN', value: mchid },
    ],
    clientKey,
    issuer,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  );

  return { ca: { cert: caCert, key: caKey }, server: { cert: serverCert, key: serverKey }, client: { cert: clientCert, key: clientKey } };
}

const ITERATIONS = 2048;
const oid = (name: string): string => asn1.oidToDer(pki.oids[name]!).getBytes();
const seq = (...items: forge.asn1.Asn1[]): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const oidNode = (name: string): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, oid(name));
const octets = (bytes: string): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const integer = (value: number): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
const explicit0 = (inner: forge.asn1.Asn1): forge.asn1.Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [inner]);
const der = (node: forge.asn1.Asn1): string => asn1.toDer(node).getBytes();

/** ContentInfo of type `data` wrapping a SafeContents (one bag). */
function dataContentInfo(safeContents: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq(oidNode('data'), explicit0(octets(der(safeContents))));
}

/** ContentInfo of type `encryptedData`: the SafeContents under pbeWithSHAAnd40BitRC2-CBC (PKCS#12 KDF). */
function rc2EncryptedContentInfo(safeContents: forge.asn1.Asn1, passphrase: string): forge.asn1.Asn1 {
  const salt = forge.random.getBytesSync(8);
  const key = forge.pkcs12.generateKey(passphrase, forge.util.createBuffer(salt), 1, ITERATIONS, 5);
  const iv = forge.pkcs12.generateKey(passphrase, forge.util.createBuffer(salt), 2, ITERATIONS, 8);
  const cipher = forge.rc2.createEncryptionCipher(key, 40);
  cipher.start(iv);
  cipher.update(forge.util.createBuffer(der(safeContents)));
  cipher.finish();
  const algorithm = seq(oidNode('pbewithSHAAnd40BitRC2-CBC'), seq(octets(salt), integer(ITERATIONS)));
  const encryptedContent = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, cipher.output.getBytes());
  return seq(oidNode('encryptedData'), explicit0(seq(integer(0), seq(oidNode('data'), algorithm, encryptedContent))));
}

export interface LegacyPkcs12Options {
  /** How the certificate bag is protected: RC2-40 as WeChat Pay's files, or not at all. Default `rc2-40`. */
  readonly certEncryption?: 'rc2-40' | 'none';
}

/**
 * A DER `.p12` as WeChat Pay ships `apiclient_cert.p12`: the certificate bag encrypted with
 * RC2-40, the key a PKCS#8 shrouded bag under pbeWithSHAAnd3-KeyTripleDES-CBC, a SHA-1 MAC.
 */
export function legacyPkcs12(pair: PemPair, passphrase: string, options: LegacyPkcs12Options = {}): Buffer {
  const certBag = seq(
    oidNode('certBag'),
    explicit0(seq(oidNode('x509Certificate'), explicit0(octets(der(pki.certificateToAsn1(pki.certificateFromPem(pair.cert))))))),
  );
  const privateKeyInfo = pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(pki.privateKeyFromPem(pair.key)));
  const keyBag = seq(
    oidNode('pkcs8ShroudedKeyBag'),
    explicit0(pki.encryptPrivateKeyInfo(privateKeyInfo, passphrase, { algorithm: '3des', count: ITERATIONS })),
  );
  const certInfo = (options.certEncryption ?? 'rc2-40') === 'rc2-40' ? rc2EncryptedContentInfo(seq(certBag), passphrase) : dataContentInfo(seq(certBag));
  const authenticatedSafe = der(seq(certInfo, dataContentInfo(seq(keyBag))));

  const macSalt = forge.random.getBytesSync(8);
  const macKey = forge.pkcs12.generateKey(passphrase, forge.util.createBuffer(macSalt), 3, ITERATIONS, 20);
  const hmac = forge.hmac.create();
  hmac.start('sha1', macKey.getBytes());
  hmac.update(authenticatedSafe);
  const macData = seq(
    seq(seq(oidNode('sha1'), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')), octets(hmac.digest().getBytes())),
    octets(macSalt),
    integer(ITERATIONS),
  );
  const pfx = seq(integer(3), seq(oidNode('data'), explicit0(octets(authenticatedSafe))), macData);
  return Buffer.from(der(pfx), 'binary');
}

/** A `.p12` written by forge's own exporter (`algorithm` for the key bag; the certificate bag is not encrypted). */
export function forgePkcs12(pair: PemPair, passphrase: string, algorithm: '3des' | 'aes128' | 'aes256'): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(pki.privateKeyFromPem(pair.key), pki.certificateFromPem(pair.cert), passphrase, { algorithm });
  return Buffer.from(der(p12), 'binary');
}
