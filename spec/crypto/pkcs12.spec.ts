import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createSecureContext } from 'node:tls';
import { Agent, request } from 'undici';
import { readPkcs12 } from '../../lib/crypto/pkcs12';
import { InvalidArgumentException } from '../../lib/errors';
import { forgePkcs12, legacyPkcs12, makeMtlsCertificates, type MtlsCertificates } from '../helpers/v2-certs';

const MCHID = '1900000109';

describe('readPkcs12', () => {
  let certs: MtlsCertificates;
  let legacy: Buffer;

  beforeAll(() => {
    certs = makeMtlsCertificates(MCHID);
    legacy = legacyPkcs12(certs.client, MCHID);
  });

  it("shows why it exists: Node's OpenSSL 3 refuses WeChat Pay's legacy .p12 (RC2-40)", () => {
    expect(() => createSecureContext({ pfx: legacy, passphrase: MCHID })).toThrow(/Unsupported PKCS12 PFX data/);
  });

  it('reads the legacy .p12 into the PEMs it holds', () => {
    const { cert, key } = readPkcs12(legacy, MCHID);
    expect(new X509Certificate(cert).raw.equals(new X509Certificate(certs.client.cert).raw)).toBe(true);
    expect(cert).toMatch(/^-----BEGIN CERTIFICATE-----\n[^\r]+\n-----END CERTIFICATE-----\n$/);
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----\n[^\r]+\n-----END PRIVATE KEY-----\n$/);
    expect(new X509Certificate(cert).subject).toContain(`CN=${MCHID}`);
    expect(() => createSecureContext({ cert, key })).not.toThrow();
  });

  it.each(['3des', 'aes128', 'aes256'] as const)('reads a .p12 whose key bag is under %s (which Node reads too: RC2 is the problem)', (algorithm) => {
    const pfx = forgePkcs12(certs.client, MCHID, algorithm);
    expect(() => createSecureContext({ pfx, passphrase: MCHID })).not.toThrow();
    const { cert, key } = readPkcs12(pfx, MCHID);
    expect(new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))).toBe(true);
  });

  it('also reads an unencrypted certificate bag', () => {
    const { cert } = readPkcs12(legacyPkcs12(certs.client, MCHID, { certEncryption: 'none' }), MCHID);
    expect(new X509Certificate(cert).serialNumber).toBe(new X509Certificate(certs.client.cert).serialNumber);
  });

  it('names a wrong passphrase, and hints at the mchid', () => {
    expect(() => readPkcs12(legacy, 'wrong')).toThrow(InvalidArgumentException);
    expect(() => readPkcs12(legacy, 'wrong')).toThrow(
      "readPkcs12: the passphrase is wrong (WeChat Pay's apiclient_cert.p12 is protected with the merchant id, mchid).",
    );
  });

  it('names content that is not a .p12 file', () => {
    expect(() => readPkcs12(Buffer.from(certs.client.cert), MCHID)).toThrow(/^readPkcs12: the content is not a PKCS#12 \(\.p12\) file/);
    expect(() => readPkcs12(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x03]), MCHID)).toThrow(
      'readPkcs12: the content is not a readable PKCS#12 (.p12) file.',
    );
    expect(() => readPkcs12(Buffer.alloc(0), MCHID)).toThrow('readPkcs12: the .p12 content must be non-empty bytes.');
  });

  describe('a real mutual-TLS handshake on 127.0.0.1', () => {
    let server: Server;
    let origin: string;

    beforeAll(async () => {
      server = createServer(
        { cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true },
        (req, res) => {
          const peer = (req.socket as TLSSocket).getPeerCertificate();
          res.end(JSON.stringify({ cn: peer.subject?.CN }));
        },
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('is accepted by a server that requires the client certificate, with the PEMs from the legacy .p12', async () => {
      const { cert, key } = readPkcs12(legacy, MCHID);
      const dispatcher = new Agent({ connect: { cert, key, ca: certs.ca.cert } });
      try {
        const response = await request(`${origin}/secapi/pay/refund`, { method: 'POST', body: '<xml/>', dispatcher });
        expect(response.statusCode).toBe(200);
        expect(await response.body.json()).toEqual({ cn: MCHID });
      } finally {
        await dispatcher.close();
      }
    });

    it('is refused without the client certificate (so the check above is real)', async () => {
      const dispatcher = new Agent({ connect: { ca: certs.ca.cert } });
      try {
        await expect(request(`${origin}/secapi/pay/refund`, { method: 'POST', body: '<xml/>', dispatcher })).rejects.toThrow();
      } finally {
        await dispatcher.close();
      }
    });
  });
});
